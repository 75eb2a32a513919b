package io.rollbook.projections.objects;

import io.rollbook.api.command.Scale;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.PodCreated;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.PodFailed;
import io.rollbook.api.event.PodReady;
import io.rollbook.api.event.PodStarted;
import io.rollbook.api.event.PodTerminating;
import io.rollbook.api.event.ReplicaSetApplied;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.fixtures.EngineLog;
import io.rollbook.projections.fixtures.EventLog;
import io.rollbook.projections.fixtures.Frontend;
import io.rollbook.projections.fixtures.NginxScenario;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.rollbook.projections.fixtures.NginxScenario.RS_1;
import static io.rollbook.projections.fixtures.NginxScenario.RS_3;
import static org.assertj.core.api.Assertions.assertThat;

/** One aggregate's objects as the projections print them, from the one fold ({@link WorkloadState}). */
class WorkloadTest {

    static final Instant T0 = NginxScenario.T0;

    @Test
    void foldsTheWholeWalkthroughIntoTheCurrentObjects() {
        WorkloadState fold = new WorkloadState(NginxScenario.AGGREGATE);
        NginxScenario.full().events().forEach(fold::apply);
        Workload w = Workload.of(fold);

        assertThat(w.object()).isEqualTo(ObjectRef.deployment("default", "nginx-deployment"));
        assertThat(w.deployment().metadata().annotation("deployment.kubernetes.io/revision")).isEqualTo("4");
        assertThat(w.deployment().metadata().generationOrZero()).isEqualTo(4);
        assertThat(w.deployment().statusOrEmpty().availableReplicas()).isEqualTo(3);
        assertThat(w.replicaSets()).extracting(rs -> rs.name()).containsExactly(RS_1, RS_3); // RS 2 cleaned up
        assertThat(w.replicaSet(RS_1).orElseThrow().metadata().annotations())
                .containsEntry("deployment.kubernetes.io/revision", "3")
                .containsEntry("deployment.kubernetes.io/revision-history", "1");
        assertThat(w.pods()).hasSize(3).allSatisfy(p -> {
            assertThat(p.replicaSet()).isEqualTo(RS_3);
            assertThat(p.ready()).isTrue();
            assertThat(p.images()).containsExactly("nginx:1.21");
            assertThat(p.labels()).containsEntry("pod-template-hash", NginxScenario.HASH_3);
        });
        assertThat(w.completedRevision()).isEqualTo(4);
    }

    @Test
    void podGoesThroughItsPhases() {
        EventLog log = new EventLog(NginxScenario.AGGREGATE);
        NginxScenario.applied().events().forEach(e -> log.command(e.commandId(), e.actor(), e.time()).emit(e.data()));
        String pod = "extra-pod";
        log.command("r-x", "kubelet", T0.plusSeconds(100)).emit(new PodCreated(pod, RS_1, null));
        WorkloadState fold = new WorkloadState(NginxScenario.AGGREGATE);
        log.events().forEach(fold::apply);
        PodView created = pod(fold, pod);
        assertThat(created.phase()).isEqualTo("Pending");
        assertThat(created.createdAt()).isEqualTo(T0.plusSeconds(100));
        assertThat(created.ownerUid()).isEqualTo(Workload.of(fold).replicaSet(RS_1).orElseThrow().metadata().uid());

        fold.apply(next(log, new PodStarted(pod, RS_1, "node-2")));
        assertThat(pod(fold, pod)).extracting(PodView::phase, PodView::node, PodView::ready)
                .containsExactly("Running", "node-2", false);
        fold.apply(next(log, new PodReady(pod, RS_1, "node-2")));
        assertThat(pod(fold, pod).ready()).isTrue();
        fold.apply(next(log, new PodFailed(pod, RS_1, "node-2", "CrashLoopBackOff")));
        assertThat(pod(fold, pod)).extracting(PodView::phase, PodView::ready, PodView::reason)
                .containsExactly("Failed", false, "CrashLoopBackOff");
        fold.apply(next(log, new PodTerminating(pod, RS_1, "node-2")));
        assertThat(pod(fold, pod).deletionTimestamp()).isEqualTo(T0.plusSeconds(100));
        fold.apply(next(log, new PodDeleted(pod, RS_1, "node-2")));
        assertThat(Workload.of(fold).pods()).extracting(PodView::name).doesNotContain(pod);
    }

    @Test
    void bareReplicaSetKeepsItsStatusAcrossApplies() {
        EngineLog log = Frontend.applied(T0).kubeletSettles(); // its three pods ready
        int scale = log.size();
        log.at(T0.plusSeconds(60)).send("c-scale", "erin", new Scale(5));
        assertThat(log.events().get(scale).data()).isInstanceOf(ReplicaSetApplied.class);
        WorkloadState fold = new WorkloadState(Frontend.FRONTEND.aggregateId());
        log.events().subList(0, scale + 1).forEach(fold::apply); // up to the applied spec, before any new status

        Workload w = Workload.of(fold);
        assertThat(w.object()).isEqualTo(ObjectRef.replicaSet("shop", "frontend"));
        assertThat(w.exists()).isTrue();
        assertThat(w.deployment()).isNull();
        var current = w.replicaSet("frontend").orElseThrow();
        assertThat(current.metadata().namespace()).isEqualTo("shop");
        assertThat(current.specReplicas()).isEqualTo(5);
        assertThat(current.statusOrEmpty().readyReplicas()).isEqualTo(3);
    }

    @Test
    void deletionClearsTheAggregate() {
        WorkloadState fold = new WorkloadState(NginxScenario.AGGREGATE);
        NginxScenario.applied().events().forEach(fold::apply);
        fold.apply(io.rollbook.api.event.EventEnvelope.of(NginxScenario.AGGREGATE, 999, T0, "c-del", "alice",
                new DeploymentDeleted("nginx-deployment")));

        assertThat(Workload.of(fold).exists()).isFalse();
        assertThat(Workload.of(fold).replicaSets()).isEmpty();
    }

    private static io.rollbook.api.event.EventEnvelope next(EventLog log, io.rollbook.api.event.RollbookEvent e) {
        log.emit(e);
        return log.events().get(log.size() - 1);
    }

    private static PodView pod(WorkloadState fold, String name) {
        return Workload.of(fold).pods().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
