package io.rollbook.projections.replay;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.ProjectionStore;
import io.rollbook.projections.fixtures.NginxScenario;
import io.rollbook.projections.fixtures.Stores;
import io.rollbook.projections.objects.Workload;
import io.rollbook.projections.text.OutputFormat;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.rollbook.projections.fixtures.NginxScenario.RS_1;
import static io.rollbook.projections.fixtures.NginxScenario.RS_2;
import static io.rollbook.projections.fixtures.NginxScenario.RS_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayerTest {

    static final ObjectRef NGINX = ObjectRef.deployment("default", NginxScenario.NAME);

    final NginxScenario scenario = NginxScenario.full();
    final List<EventEnvelope> log = scenario.events();
    final ProjectionStore store = Stores.of(log);

    @Test
    void revisionWhoseReplicaSetWasCleanedUpIsReplayedFromTheLog() {
        assertThat(store.replicaSet("default", RS_2)).isEmpty(); // deleted by history cleanup

        ReplayResult r = store.replay(NGINX, new ReplayPoint.ToRevision(2));

        // The last state of revision 2, rolled out: just before the undo.
        assertThat(r.applied()).isEqualTo(scenario.marks.get("c-undo"));
        assertThat(r.state()).isEqualTo(foldFirst(scenario.marks.get("c-undo")));
        Deployment d = r.state().deployment();
        assertThat(d.metadata().annotation("deployment.kubernetes.io/revision")).isEqualTo("2");
        assertThat(d.spec().template().spec().containers().get(0).image()).isEqualTo("nginx:1.16.1");
        assertThat(d.statusOrEmpty().availableReplicas()).isEqualTo(3);
        assertThat(r.state().replicaSets()).extracting(ReplicaSet::name).containsExactly(RS_1, RS_2);
        assertThat(r.state().replicaSet(RS_2).orElseThrow().specReplicas()).isEqualTo(3);
    }

    @Test
    void revisionRenumberedByAnUndoStillReplaysAsItRanFirst() {
        ReplayResult r1 = store.replay(NGINX, new ReplayPoint.ToRevision(1));
        ReplayResult r3 = store.replay(NGINX, new ReplayPoint.ToRevision(3));

        assertThat(r1.applied()).isEqualTo(scenario.marks.get("c-set-image-1"));
        assertThat(r1.state().replicaSets()).extracting(ReplicaSet::name).containsExactly(RS_1);
        assertThat(r3.applied()).isEqualTo(scenario.marks.get("c-set-image-2"));
        assertThat(r3.state().deployment().metadata().annotation("deployment.kubernetes.io/revision"))
                .isEqualTo("3");
        assertThat(r3.state().replicaSet(RS_1).orElseThrow().specReplicas()).isEqualTo(3);
    }

    @Test
    void currentRevisionReplaysToTheEndOfItsRun() {
        ReplayResult r = store.replay(NGINX, new ReplayPoint.ToRevision(4));

        assertThat(r.applied()).isEqualTo(log.size());
        assertThat(r.state().replicaSets()).extracting(ReplicaSet::name).containsExactly(RS_1, RS_3);
    }

    @Test
    void atTimeFoldsEveryEventUpToThatTime() {
        Instant midRollout = Instant.parse("2026-11-26T10:01:05Z");
        ReplayResult r = store.replay(NGINX, new ReplayPoint.AtTime(midRollout));

        assertThat(r.last().time()).isBeforeOrEqualTo(midRollout);
        assertThat(log.get(r.applied()).time()).isAfter(midRollout);
        assertThat(r.state().replicaSet(RS_1).orElseThrow().specReplicas()).isEqualTo(2);
        assertThat(r.state().replicaSet(RS_2).orElseThrow().specReplicas()).isEqualTo(2);
        assertThat(r.state().deployment().statusOrEmpty().updatedReplicas()).isEqualTo(2);
    }

    @Test
    void atOffsetFoldsTheFirstNEventsOfTheAggregate() {
        ReplayResult first = store.replay(NGINX, new ReplayPoint.AtOffset(1));
        ReplayResult five = store.replay(NGINX, new ReplayPoint.AtOffset(5));
        ReplayResult all = store.replay(NGINX, new ReplayPoint.AtOffset(log.size()));

        assertThat(first.applied()).isEqualTo(1);
        assertThat(first.last().sequence()).isZero();
        assertThat(first.state().replicaSets()).isEmpty();
        assertThat(five.state()).isEqualTo(foldFirst(5));
        assertThat(five.last().sequence()).isEqualTo(4);
        assertThat(all.state()).isEqualTo(store.workload(NGINX).orElseThrow());
    }

    @Test
    void pointsTheLogCannotAnswerAreErrors() {
        assertThatThrownBy(() -> store.replay(NGINX, new ReplayPoint.ToRevision(9)))
                .isInstanceOf(ReplayException.class)
                .hasMessage("unable to find revision 9 in the log of deployment.apps/nginx-deployment");
        assertThatThrownBy(() -> store.replay(NGINX, new ReplayPoint.AtOffset(log.size() + 1)))
                .hasMessage("offset " + (log.size() + 1) + " is past the end of the log of "
                        + "deployment.apps/nginx-deployment (" + log.size() + " events)");
        assertThatThrownBy(() -> store.replay(NGINX, new ReplayPoint.AtTime(NginxScenario.T0.minusSeconds(1))))
                .hasMessage("deployment.apps/nginx-deployment did not exist at --at 2026-11-26T09:59:59Z "
                        + "(after 0 of " + log.size() + " events)");
        assertThatThrownBy(() -> store.replay(ObjectRef.deployment("default", "nope"), new ReplayPoint.AtOffset(0)))
                .isInstanceOf(ReplayException.class);
        assertThatThrownBy(() -> new ReplayPoint.ToRevision(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summarisesForPeople() {
        String summary = ReplayRenderer.render(store.replay(NGINX, new ReplayPoint.ToRevision(2)),
                OutputFormat.TABLE).stdout();

        assertThat(summary).isEqualTo("""
                deployment.apps/nginx-deployment as of --to-revision 2: event 87 of 206 (sequence 86 at \
                2026-11-26T10:01:18Z)
                Revision:      2
                Generation:    2 (observed 2)
                Replicas:      3 desired | 3 updated | 3 total | 3 available | 0 unavailable
                Images:        nginx:1.16.1
                Change-Cause:  kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1 --record=true
                Paused:        false
                Status:        deployment "nginx-deployment" successfully rolled out
                Outcome:       complete at 2026-11-26T10:01:12Z (every replica updated and available)
                ReplicaSets:
                  NAME                        REVISION  DESIRED  CURRENT  READY  IMAGES
                  nginx-deployment-bcdf65c94  1         0        0        0      nginx:1.14.2
                  nginx-deployment-fb9687447  2         3        3        3      nginx:1.16.1
                """);
    }

    @Test
    void documentsAreAListOfTheDeploymentAndItsReplicaSets() {
        ReplayResult r = store.replay(NGINX, new ReplayPoint.ToRevision(2));

        for (OutputFormat format : List.of(OutputFormat.YAML, OutputFormat.JSON)) {
            List<KubeObject> objects = Manifests.parse(ReplayRenderer.render(r, format).stdout());
            assertThat(objects).extracting(o -> o.kind() + "/" + o.metadata().name())
                    .containsExactly("Deployment/nginx-deployment", "ReplicaSet/" + RS_1, "ReplicaSet/" + RS_2);
            Deployment d = r.state().deployment();
            assertThat(objects.get(0)).as("without managedFields, as kubectl prints it")
                    .isEqualTo(d.withMetadata(d.metadata().withManagedFields(null)));
        }
    }

    private Workload foldFirst(int count) {
        WorkloadState fold = new WorkloadState(NginxScenario.AGGREGATE);
        log.subList(0, count).forEach(fold::apply);
        return Workload.of(fold);
    }
}
