package io.rollbook.projections;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.Delete;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.ReplicaSetDeleted;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.audit.AuditEntry;
import io.rollbook.projections.audit.AuditQuery;
import io.rollbook.projections.fixtures.EngineLog;
import io.rollbook.projections.fixtures.Stores;
import io.rollbook.projections.history.RevisionLedger;
import io.rollbook.projections.history.RevisionRecord;
import io.rollbook.projections.replay.ReplayPoint;
import io.rollbook.projections.replay.ReplayResult;
import io.rollbook.projections.replay.Replayer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The read model keeps live objects and a bounded ledger; what left it is still audited and replayed from the log. */
class ReadModelBoundsTest {

    static final ObjectRef WEB = ObjectRef.deployment("default", "web");
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final String MANIFEST = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, labels: {app: web}}
            spec:
              replicas: 1
              revisionHistoryLimit: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: "web:0"}]
            """;

    @Test
    void revisionsCleanedUpByRevisionHistoryLimitLeaveTheLedgerBeyondItsBoundButReplayAndAuditFromTheLog() {
        int images = RevisionLedger.KEPT + 20;
        EngineLog log = applied();
        for (int i = 1; i <= images; i++) {
            log.at(T0.plusSeconds(60L * i)).send("c-image-" + i, "bob", new SetImage(Map.of("web", "web:" + i)))
                    .kubeletSettles();
        }
        List<EventEnvelope> events = log.events();
        ProjectionStore store = Stores.of(events);

        // revisionHistoryLimit 1: the current ReplicaSet and one old one are all that is left
        assertThat(store.replicaSetsOf("default", "web")).hasSize(2);
        List<RevisionRecord> ledger = store.revisions("default", "web");
        assertThat(ledger).hasSize(RevisionLedger.KEPT);
        assertThat(ledger.get(0).revision()).isEqualTo(images + 1 - RevisionLedger.KEPT + 1);
        assertThat(ledger.get(ledger.size() - 1).revision()).isEqualTo(images + 1);
        assertThat(ledger.get(ledger.size() - 1).live()).isTrue();

        ReplayResult first = store.replay(WEB, new ReplayPoint.ToRevision(1));
        assertThat(first.state().deployment().spec().template().spec().containers().get(0).image()).isEqualTo("web:0");
        assertThat(first).isEqualTo(Replayer.replay(WEB, events, new ReplayPoint.ToRevision(1)));

        String cleanedUp = first.state().replicaSets().get(0).name();
        assertThat(store.replicaSet("default", cleanedUp)).isEmpty();
        List<AuditEntry> trail = store.audit(AuditQuery.of(ObjectRef.replicaSet("default", cleanedUp)));
        assertThat(trail).isNotEmpty();
        assertThat(trail.get(trail.size() - 1).envelope().data()).isEqualTo(new ReplicaSetDeleted(cleanedUp));
        assertThat(store.audit(AuditQuery.of(WEB))).extracting(AuditEntry::envelope).containsExactlyElementsOf(events);
    }

    @Test
    void deletedDeploymentLeavesTheReadModelButItsLogIsStillAuditedAndReplayed() {
        EngineLog log = applied();
        log.at(T0.plusSeconds(60)).send("c-image", "bob", new SetImage(Map.of("web", "web:1"))).kubeletSettles();
        log.at(T0.plusSeconds(120)).send("c-delete", "carol", new Delete()).kubeletSettles();
        List<EventEnvelope> events = log.events();
        ProjectionStore store = Stores.of(events);

        assertThat(store.aggregates()).isZero();
        assertThat(store.deployment("default", "web")).isEmpty();
        assertThat(store.workload(WEB)).isEmpty();
        assertThat(store.replicaSets("default")).isEmpty();
        assertThat(store.pods("default")).isEmpty();
        assertThat(store.revisions("default", "web")).isEmpty();
        assertThat(store.retained(WEB)).isEmpty();

        List<AuditEntry> trail = store.audit(AuditQuery.of(WEB));
        assertThat(trail).extracting(AuditEntry::envelope).containsExactlyElementsOf(events);
        assertThat(trail.get(trail.size() - 1).envelope().data()).isEqualTo(new DeploymentDeleted("web"));
        ReplayResult two = store.replay(WEB, new ReplayPoint.ToRevision(2));
        assertThat(two.state().deployment().spec().template().spec().containers().get(0).image()).isEqualTo("web:1");
        assertThat(two).isEqualTo(Replayer.replay(WEB, events, new ReplayPoint.ToRevision(2)));
    }

    @Test
    void deploymentCreatedAgainUnderTheNameStartsAfresh() {
        EngineLog log = applied();
        log.at(T0.plusSeconds(60)).send("c-image", "bob", new SetImage(Map.of("web", "web:1"))).kubeletSettles();
        log.at(T0.plusSeconds(120)).send("c-delete", "carol", new Delete()).kubeletSettles();
        log.at(T0.plusSeconds(180)).send("c-again", "dave", new Apply(manifest())).kubeletSettles();
        ProjectionStore store = Stores.of(log.events());

        assertThat(store.aggregates()).isEqualTo(1);
        assertThat(store.revisions("default", "web")).extracting(RevisionRecord::revision).containsExactly(1L);
        assertThat(store.deployment("default", "web").orElseThrow().metadata()
                .annotation("deployment.kubernetes.io/revision")).isEqualTo("1");
    }

    private static EngineLog applied() {
        EngineLog log = new EngineLog(WEB, T0);
        log.send("c-apply", "alice", new Apply(manifest())).kubeletSettles();
        return log;
    }

    static Deployment manifest() {
        return (Deployment) Manifests.parse(MANIFEST).get(0);
    }
}
