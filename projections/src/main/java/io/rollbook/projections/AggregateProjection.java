package io.rollbook.projections;

import io.rollbook.api.event.CanaryAborted;
import io.rollbook.api.event.CanaryCheckEvaluated;
import io.rollbook.api.event.CanaryStepStarted;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.KubeEventRecorded;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.ProgressDeadlineHandled;
import io.rollbook.api.event.ReplicaSetDeleted;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.WorkloadSnapshot;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.history.RevisionLedger;
import io.rollbook.projections.objects.PodView;
import io.rollbook.projections.objects.Subjects;
import io.rollbook.projections.objects.Workload;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One live aggregate's read models: its objects (the one fold, {@link WorkloadState}), its revision
 * ledger (bounded, see {@link RevisionLedger}), the last event time of each of its live objects, and
 * the few events the read verbs print from: the newest {@link #KUBE_EVENTS_KEPT} Kubernetes Events,
 * the last progress-deadline decision and the last event that tells the current canary's story.
 * Everything else of its log is read back from the {@link EventHistory} when asked.
 */
final class AggregateProjection {

    /** Kubernetes Events kept per aggregate, newest first out (the API server forgets them after an hour). */
    static final int KUBE_EVENTS_KEPT = 100;

    final WorkloadState state;
    final RevisionLedger ledger;
    private final Deque<EventEnvelope> kubeEvents = new ArrayDeque<>();
    private final Map<ObjectRef, Instant> lastEventTimes = new HashMap<>();
    private EventEnvelope lastDeadline;
    private EventEnvelope lastCanaryMark;

    AggregateProjection(String aggregateId) {
        this(new WorkloadState(aggregateId), new RevisionLedger());
    }

    private AggregateProjection(WorkloadState state, RevisionLedger ledger) {
        this.state = state;
        this.ledger = ledger;
    }

    /** What a checkpoint holds of one aggregate. */
    record Snapshot(WorkloadSnapshot state, RevisionLedger.Snapshot ledger, List<EventEnvelope> kubeEvents,
                    EventEnvelope lastDeadline, EventEnvelope lastCanaryMark, List<ObjectTime> lastEventTimes) {
    }

    /** One object's last event time. */
    record ObjectTime(ObjectRef object, Instant time) {
    }

    Snapshot snapshotAll() {
        List<ObjectTime> times = new ArrayList<>();
        lastEventTimes.forEach((ref, t) -> times.add(new ObjectTime(ref, t)));
        times.sort(Comparator.comparing((ObjectTime t) -> t.object().kind()).thenComparing(t -> t.object().name()));
        return new Snapshot(state.snapshot(), ledger.snapshot(), List.copyOf(kubeEvents), lastDeadline, lastCanaryMark,
                times);
    }

    static AggregateProjection restore(Snapshot s) {
        AggregateProjection a = new AggregateProjection(WorkloadState.of(s.state()), RevisionLedger.restore(s.ledger()));
        a.kubeEvents.addAll(s.kubeEvents());
        a.lastDeadline = s.lastDeadline();
        a.lastCanaryMark = s.lastCanaryMark();
        s.lastEventTimes().forEach(t -> a.lastEventTimes.put(t.object(), t.time()));
        return a;
    }

    ObjectRef object() {
        return state.object();
    }

    /** Folds {@code e} into every model. */
    void apply(EventEnvelope e) {
        ledger.observe(e, state);
        state.apply(e);
        retain(e);
        if (e.time() != null) {
            for (ObjectRef ref : Subjects.touched(e, object())) {
                lastEventTimes.put(ref, e.time());
            }
        }
        if (e.data() instanceof PodDeleted || e.data() instanceof ReplicaSetDeleted
                || e.data() instanceof DeploymentDeleted) {
            lastEventTimes.keySet().removeIf(ref -> !live(ref));
        }
    }

    private void retain(EventEnvelope e) {
        if (e.data() instanceof KubeEventRecorded) {
            kubeEvents.addLast(e);
            if (kubeEvents.size() > KUBE_EVENTS_KEPT) {
                kubeEvents.removeFirst();
            }
        } else if (e.data() instanceof ProgressDeadlineHandled) {
            lastDeadline = e;
        } else if (e.data() instanceof CanaryCheckEvaluated c && !c.passed() || e.data() instanceof CanaryAborted
                || e.data() instanceof CanaryStepStarted s && s.step() == 0 && !CanaryStepStarted.DONE.equals(s.kind())) {
            lastCanaryMark = e; // explain reads back to the last of these only
        } else if (e.data() instanceof DeploymentDeleted) {
            kubeEvents.clear();
            lastDeadline = null;
            lastCanaryMark = null;
        }
    }

    /** Whether the aggregate holds no object any more (deleted, or never created): it leaves the read model. */
    boolean empty() {
        return state.deployment() == null && state.replicaSets().isEmpty() && state.pods().isEmpty();
    }

    private boolean live(ObjectRef ref) {
        return switch (ref.kind()) {
            case ObjectRef.REPLICA_SET -> state.replicaSet(ref.name()) != null;
            case Subjects.POD -> state.pod(ref.name()) != null;
            default -> ref.equals(object());
        };
    }

    Instant lastEventTime(ObjectRef ref) {
        return lastEventTimes.get(ref);
    }

    /** The retained events, in the log's order. */
    List<EventEnvelope> retained() {
        List<EventEnvelope> out = new ArrayList<>(kubeEvents);
        if (lastDeadline != null) {
            out.add(lastDeadline);
        }
        if (lastCanaryMark != null) {
            out.add(lastCanaryMark);
        }
        out.sort(Comparator.comparingLong(EventEnvelope::sequence));
        return out;
    }

    /** The pods, in creation order, as printed. */
    List<PodView> pods() {
        String namespace = object().namespace();
        List<PodView> pods = new ArrayList<>();
        for (PodState p : state.pods()) {
            pods.add(PodView.of(p, namespace));
        }
        return pods;
    }

    Workload snapshot() {
        return Workload.of(state);
    }
}
