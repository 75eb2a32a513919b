package io.rollbook.infra.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rollbook.api.event.ConditionChanged;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.ReplicaSetRevisionChanged;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.event.RolledBack;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Rollouts counted from events, timed in event time. */
class RolloutMetricsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RolloutMetrics metrics = new RolloutMetrics(registry);
    private long offset;
    private long sequence;

    @Test
    void aRolloutLastsFromItsReplicaSetToItsCompletion() {
        feed("default/web", 0, created("web-a", 1));
        feed("default/web", 12, new RolloutCompleted(1));
        feed("default/web", 60, created("web-b", 2));
        feed("default/web", 90, new RolloutCompleted(2));

        assertThat(count("complete")).isEqualTo(2);
        assertThat(totalSeconds("complete")).isEqualTo(12 + 30);
        metrics.refresh();
        assertThat(byRevision("web", "1")).isEqualTo(12);
        assertThat(byRevision("web", "2")).isEqualTo(30);
    }

    @Test
    void aNewRevisionSupersedesTheOneInFlight() {
        feed("default/web", 0, created("web-a", 1));
        feed("default/web", 5, created("web-b", 2)); // set image again before revision 1 finished
        feed("default/web", 20, new RolloutCompleted(2));

        assertThat(count("superseded")).isEqualTo(1);
        assertThat(totalSeconds("superseded")).isEqualTo(5);
        assertThat(count("complete")).isEqualTo(1);
        assertThat(totalSeconds("complete")).isEqualTo(15);
    }

    @Test
    void anExceededDeadlineFailsTheRolloutOnceAndALateCompletionStillCounts() {
        feed("default/web", 0, created("web-a", 1));
        feed("default/web", 600, new ConditionChanged("Progressing", "False", "ProgressDeadlineExceeded", "x"));
        feed("default/web", 601, new ConditionChanged("Progressing", "False", "ProgressDeadlineExceeded", "x"));
        feed("default/web", 700, new RolloutCompleted(1));

        assertThat(count("failed")).isEqualTo(1);
        assertThat(totalSeconds("failed")).isEqualTo(600);
        assertThat(count("complete")).isEqualTo(1);
    }

    @Test
    void anUndoStartsTheRenumberedRevisionOnce() {
        feed("default/web", 0, created("web-a", 1));
        feed("default/web", 10, new RolloutCompleted(1));
        feed("default/web", 20, created("web-b", 2));
        feed("default/web", 30, new RolloutCompleted(2));
        feed("default/web", 40, new RolledBack(2, 1, 3));
        feed("default/web", 40, new ReplicaSetRevisionChanged("web-a", 1, 3));
        feed("default/web", 47, new RolloutCompleted(3));

        assertThat(count("complete")).isEqualTo(3);
        assertThat(count("superseded")).isZero();
        metrics.refresh();
        assertThat(byRevision("web", "3")).isEqualTo(7);
    }

    @Test
    void aDeletedDeploymentLeavesNoSeriesAndBareReplicaSetsAreNoRollouts() {
        feed("default/web", 0, created("web-a", 1));
        feed("default/web", 3, new RolloutCompleted(1));
        feed("default/replicasets/bare", 4, new RolloutCompleted(1));
        metrics.refresh();
        assertThat(registry.find("rollbook.deployment.rollout.duration").gauges()).hasSize(1);

        feed("default/web", 9, new DeploymentDeleted("web"));
        metrics.refresh();
        assertThat(registry.find("rollbook.deployment.rollout.duration").gauges()).isEmpty();
        assertThat(count("complete")).isEqualTo(1);
    }

    @Test
    void anEventReadTwiceAtTheSameOffsetCountsOnce() {
        EventEnvelope completed = envelope("default/web", 5, new RolloutCompleted(1));
        feed("default/web", 0, created("web-a", 1));
        metrics.apply(completed, 0, 100);
        metrics.apply(completed, 0, 100);

        assertThat(count("complete")).isEqualTo(1);
        assertThat(registry.find("rollbook.events.folded").tag("type", "RolloutCompleted").counter().count())
                .isEqualTo(1);
    }

    /** increase() counts a first sample only on a series that existed before it: every outcome and type starts at 0. */
    @Test
    void everySeriesAPanelUsesExistsAtZeroBeforeAnyEvent() {
        for (String outcome : List.of("complete", "failed", "superseded")) {
            assertThat(count(outcome)).isZero();
            assertThat(registry.find("rollbook.rollout.duration").tag("outcome", outcome).timer().count()).isZero();
        }
        for (String type : Events.TYPES.keySet()) {
            assertThat(registry.find("rollbook.events.folded").tag("type", type).counter().count()).as(type).isZero();
        }
    }

    private static ReplicaSetCreated created(String name, long revision) {
        return new ReplicaSetCreated(ReplicaSet.of(ObjectMeta.named("default", name),
                new ReplicaSetSpec(3, null, null, null)), revision);
    }

    private void feed(String aggregate, int second, RollbookEvent data) {
        metrics.apply(envelope(aggregate, second, data), 0, offset++);
    }

    private EventEnvelope envelope(String aggregate, int second, RollbookEvent data) {
        return EventEnvelope.of(aggregate, sequence++, T0.plusSeconds(second), "c-" + sequence, "test", data);
    }

    private double count(String outcome) {
        return registry.find("rollbook.rollouts").tag("outcome", outcome).counter().count();
    }

    private double totalSeconds(String outcome) {
        return registry.find("rollbook.rollout.duration").tag("outcome", outcome).timer().totalTime(TimeUnit.SECONDS);
    }

    private double byRevision(String deployment, String revision) {
        Gauge g = registry.find("rollbook.deployment.rollout.duration").tag("deployment", deployment)
                .tag("revision", revision).gauge();
        return g.value();
    }
}
