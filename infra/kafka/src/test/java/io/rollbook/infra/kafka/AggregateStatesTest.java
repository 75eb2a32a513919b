package io.rollbook.infra.kafka;

import io.rollbook.api.event.DeploymentAnnotated;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.PodCreated;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.ReplicaSetAnnotated;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.WakeUpScheduled;
import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentSpec;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.PodSpec;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetSpec;
import io.rollbook.engine.aggregate.DeploymentAggregate;
import io.rollbook.engine.aggregate.EventMetaData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AggregateStatesTest {

    static final String WEB = "default/web";
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private final AggregateStates index = new AggregateStates();

    @Test
    void committedEventsComeBackFoldedAsASnapshotAtTheLastSequence() {
        index.load(2, WEB, 0, new PodCreated("web-a", "web-rs", null), T0);
        index.load(2, WEB, 1, new PodCreated("web-b", "web-rs", null), T0);

        DomainEventMessage<?> snapshot = index.snapshot(WEB).orElseThrow();

        assertThat(snapshot.getSequenceNumber()).isEqualTo(1);
        assertThat(snapshot.getAggregateIdentifier()).isEqualTo(WEB);
        DeploymentAggregate aggregate = (DeploymentAggregate) snapshot.getPayload();
        assertThat(aggregate.state().pods()).extracting("name").containsExactly("web-a", "web-b");
        assertThat(index.read(WEB, 0)).as("committed events are in the snapshot, not kept").isEmpty();
        assertThat(index.lastSequence(WEB)).isEqualTo(1);
    }

    @Test
    void eachSnapshotIsAFreshCopyThatAxonMayChange() {
        index.load(0, WEB, 0, new PodCreated("web-a", "web-rs", null), T0);
        DeploymentAggregate loaded = (DeploymentAggregate) index.snapshot(WEB).orElseThrow().getPayload();

        loaded.fold(WEB, new PodDeleted("web-a", "web-rs", null), T0);

        DeploymentAggregate again = (DeploymentAggregate) index.snapshot(WEB).orElseThrow().getPayload();
        assertThat(again).isNotSameAs(loaded);
        assertThat(again.state().pods()).extracting("name").containsExactly("web-a");
    }

    @Test
    void stagedEventsAreReadAfterTheSnapshotAndFoldedInOnlyWhenKafkaCommits() {
        index.load(0, WEB, 0, new PodCreated("web-a", "web-rs", null), T0);
        index.stage(0, event(1, new PodCreated("web-b", "web-rs", null)));

        assertThat(index.read(WEB, 1)).extracting(DomainEventMessage::getSequenceNumber).containsExactly(1L);
        assertThat(index.lastSequence(WEB)).isEqualTo(1);
        assertThat(index.snapshot(WEB).orElseThrow().getSequenceNumber()).isZero();
        assertThat(index.stagedCount()).isEqualTo(1);

        index.commit();

        assertThat(index.read(WEB, 0)).isEmpty();
        DomainEventMessage<?> snapshot = index.snapshot(WEB).orElseThrow();
        assertThat(snapshot.getSequenceNumber()).isEqualTo(1);
        assertThat(((DeploymentAggregate) snapshot.getPayload()).state().pods()).extracting("name")
                .containsExactly("web-a", "web-b");
        assertThat(index.stagedCount()).isZero();
    }

    @Test
    void anAbortForgetsTheStagedEventsAndNamesTheirAggregates() {
        index.load(0, WEB, 0, new PodCreated("web-a", "web-rs", null), T0);
        index.stage(0, event(1, new WakeUpScheduled(T0.plusSeconds(600))));

        assertThat(index.abort()).containsExactly(WEB);

        assertThat(index.lastSequence(WEB)).isZero();
        assertThat(index.read(WEB, 0)).isEmpty();
        assertThat(((DeploymentAggregate) index.snapshot(WEB).orElseThrow().getPayload()).state().wakeUpAt()).isNull();
    }

    @Test
    void aNewAggregateHasNoSnapshotUntilItsFirstEventsCommit() {
        index.stage(3, event(0, new PodCreated("web-a", "web-rs", null)));

        assertThat(index.snapshot(WEB)).isEmpty();
        assertThat(index.read(WEB, 0)).hasSize(1);

        index.commit();

        assertThat(index.snapshot(WEB)).isPresent();
    }

    @Test
    void droppingAPartitionForgetsItsAggregates() {
        index.load(1, WEB, 0, new PodCreated("web-a", "web-rs", null), T0);
        index.load(4, "default/api", 0, new PodCreated("api-a", "api-rs", null), T0);

        assertThat(index.drop(Set.of(1))).containsExactly(WEB);

        assertThat(index.snapshot(WEB)).isEmpty();
        assertThat(index.lastSequence(WEB)).isNull();
        assertThat(index.snapshot("default/api")).isPresent();
    }

    private static DomainEventMessage<?> event(long sequence, Object payload) {
        return new GenericDomainEventMessage<>("DeploymentAggregate", WEB, sequence, payload,
                MetaData.from(Map.of(EventMetaData.TIME, T0)));
    }

    /**
     * A Deployment rolled back and forth between two images for a long time: each rollout reuses a
     * ReplicaSet under a new revision, so the revisions grow while the ReplicaSets stay two. The
     * engine's fold keeps the outcomes of those two only (it grew by one with every rollout).
     */
    @Test
    void aDeploymentRolledBackAndForthKeepsTheOutcomesOfItsReplicaSetsOnly() {
        long seq = 0;
        index.load(0, WEB, seq++, new DeploymentApplied(Deployment.of(
                ObjectMeta.named("default", "web"),
                DeploymentSpec.EMPTY), "created"), T0);
        index.load(0, WEB, seq++, new ReplicaSetCreated(replicaSet("web-a", 1), 1), T0);
        index.load(0, WEB, seq++, new ReplicaSetCreated(replicaSet("web-b", 2), 2), T0);
        for (long revision = 1; revision <= 1_000; revision++) {
            Instant t = T0.plusSeconds(revision);
            index.load(0, WEB, seq++, new ReplicaSetAnnotated(revision % 2 == 1 ? "web-a" : "web-b",
                    Map.of(REVISION, String.valueOf(revision)), null), t);
            index.load(0, WEB, seq++, new DeploymentAnnotated(Map.of(REVISION,
                    String.valueOf(revision))), t);
        }

        DeploymentAggregate folded = (DeploymentAggregate) index.snapshot(WEB).orElseThrow().getPayload();

        assertThat(folded.state().revisionOutcomes().keySet()).containsExactlyInAnyOrder(999L, 1_000L);
    }

    private static final String REVISION = "deployment.kubernetes.io/revision";

    private static ReplicaSet replicaSet(String name, long revision) {
        return ReplicaSet.of(ObjectMeta.named("default", name)
                        .withAnnotations(Map.of(REVISION, String.valueOf(revision))),
                new ReplicaSetSpec(1, null, null, new PodTemplateSpec(
                        ObjectMeta.named(null, null).withLabels(Map.of("app", "web")),
                        PodSpec.of(Container.of("web", "nginx")))));
    }
}
