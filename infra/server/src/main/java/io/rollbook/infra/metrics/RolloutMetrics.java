package io.rollbook.infra.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.rollbook.api.event.ConditionChanged;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.ReplicaSetRevisionChanged;
import io.rollbook.api.event.RolledBack;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.projection.ProjectionRunner;
import io.rollbook.projections.objects.Subjects;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Rollouts as the event log tells them, in event time (never the wall clock), so a restart that
 * folds the log again arrives at the same numbers.
 *
 * <p>A rollout of revision N starts with the event that assigns N (a {@code ReplicaSetCreated}, or
 * the renumbering of an undo) and ends with the first of: {@code RolloutCompleted(N)} (outcome
 * {@code complete}), the Progressing condition turning False with {@code ProgressDeadlineExceeded}
 * ({@code failed}), or the start of another revision ({@code superseded}). A failed rollout that
 * completes later is counted once more, as {@code complete}; one superseded after it failed is not.
 * Also counts every folded event by type.
 */
final class RolloutMetrics implements ProjectionRunner.Sink {

    static final String COMPLETE = "complete";
    static final String FAILED = "failed";
    static final String SUPERSEDED = "superseded";
    /** Durations kept per Deployment for {@code rollbook_deployment_rollout_duration_seconds}. */
    static final int KEPT_REVISIONS = 10;
    static final Duration[] DURATION_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20),
            Duration.ofMinutes(30), Duration.ofHours(1)};

    /** One Deployment's rollout in flight, and the durations of its completed ones (oldest first). */
    private static final class Rollouts {
        Long revision; // in flight, or null
        boolean failed;
        final Map<Long, Instant> started = new HashMap<>(); // revisions not yet completed
        final LinkedHashMap<Long, Double> durations = new LinkedHashMap<>();
    }

    private final MeterRegistry registry;
    private final MultiGauge byRevision;
    private final Map<ObjectRef, Rollouts> deployments = new HashMap<>(); // guarded by this
    private final Map<Integer, Long> offsets = new HashMap<>();

    RolloutMetrics(MeterRegistry registry) {
        this.registry = registry;
        byRevision = MultiGauge.builder("rollbook.deployment.rollout.duration")
                .description("Seconds from the start of each kept revision's rollout to its completion, in event time")
                .baseUnit("seconds").register(registry);
        for (String outcome : List.of(COMPLETE, FAILED, SUPERSEDED)) {
            rollouts(outcome); // every outcome shows from the start, at 0, so increase() counts the first
            duration(outcome);
        }
        for (String type : new TreeSet<>(Events.TYPES.keySet())) {
            folded(type);
        }
    }

    @Override
    public synchronized void apply(EventEnvelope e, int partition, long offset) {
        if (offset >= 0) {
            Long last = offsets.get(partition);
            if (last != null && offset <= last) {
                return; // the same dedup as the ProjectionStore: a re-read after a rebalance
            }
            offsets.put(partition, offset);
        }
        folded(e.type()).increment();
        ObjectRef owner = Subjects.aggregate(e.aggregate());
        if (!ObjectRef.DEPLOYMENT.equals(owner.kind()) || e.time() == null) {
            return;
        }
        if (e.data() instanceof DeploymentDeleted) {
            deployments.remove(owner);
            return;
        }
        Rollouts r = deployments.computeIfAbsent(owner, k -> new Rollouts());
        if (e.data() instanceof ReplicaSetCreated c) {
            start(r, c.revision(), e.time());
        } else if (e.data() instanceof RolledBack b) {
            start(r, b.newRevision(), e.time());
        } else if (e.data() instanceof ReplicaSetRevisionChanged c) {
            start(r, c.to(), e.time());
        } else if (e.data() instanceof RolloutCompleted c) {
            complete(r, c.revision(), e.time());
        } else if (e.data() instanceof ConditionChanged c && WellKnown.DEPLOYMENT_PROGRESSING.equals(c.type())
                && WellKnown.CONDITION_FALSE.equals(c.status()) && WellKnown.TIMED_OUT_REASON.equals(c.reason())
                && r.revision != null && !r.failed) {
            r.failed = true;
            record(FAILED, r.started.get(r.revision), e.time());
        }
    }

    /** Revision {@code revision} starts rolling out; the one in flight, if another, is superseded. */
    private void start(Rollouts r, long revision, Instant at) {
        if (r.revision != null && r.revision == revision) {
            return; // one start told by several events (an undo's RolledBack, then the renumbering)
        }
        if (r.revision != null) {
            Instant from = r.started.remove(r.revision);
            if (!r.failed) {
                record(SUPERSEDED, from, at);
            }
        }
        r.revision = revision;
        r.failed = false;
        r.started.put(revision, at);
    }

    private void complete(Rollouts r, long revision, Instant at) {
        Instant from = r.started.remove(revision);
        if (from == null) {
            return;
        }
        if (r.revision != null && r.revision == revision) {
            r.revision = null;
        }
        record(COMPLETE, from, at);
        r.durations.remove(revision); // re-inserted last: newest last
        r.durations.put(revision, Math.max(0, Duration.between(from, at).toMillis() / 1000.0));
        while (r.durations.size() > KEPT_REVISIONS) {
            r.durations.remove(r.durations.keySet().iterator().next());
        }
    }

    private void record(String outcome, Instant from, Instant to) {
        rollouts(outcome).increment();
        Duration d = from == null ? Duration.ZERO : Duration.between(from, to);
        duration(outcome).record(d.isNegative() ? Duration.ZERO : d);
    }

    private Counter folded(String type) {
        return Counter.builder("rollbook.events.folded").description("Events folded by the projections, by type")
                .tag("type", type).register(registry);
    }

    private Counter rollouts(String outcome) {
        return Counter.builder("rollbook.rollouts").description("Rollouts that ended, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Timer duration(String outcome) {
        return Timer.builder("rollbook.rollout.duration")
                .description("From the event that started a revision's rollout to the one that ended it")
                .tag("outcome", outcome).serviceLevelObjectives(DURATION_BUCKETS).register(registry);
    }

    /** Re-registers the per-revision durations (deleted Deployments drop out). */
    synchronized void refresh() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        deployments.forEach((ref, r) -> r.durations.forEach((revision, seconds) -> rows.add(MultiGauge.Row.of(
                Tags.of("namespace", ref.namespace(), "deployment", ref.name(), "revision", String.valueOf(revision)),
                seconds))));
        byRevision.register(rows, true);
    }
}
