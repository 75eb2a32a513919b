package io.rollbook.engine.aggregate;

import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.state.Snapshots;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.value.ObjectRef;

import java.time.Instant;

/**
 * An aggregate folded from its committed events, as the engine's event index keeps it instead of
 * the events themselves. Axon sources an aggregate from a {@link #copy()} of it, handed over as a
 * snapshot, plus the events after it. Folding does exactly what Axon's event-sourcing handler does.
 */
public interface FoldedAggregate {

    /** A new, empty aggregate of the kind {@code aggregateId} names (Deployment, bare ReplicaSet or stored object). */
    static FoldedAggregate empty(String aggregateId) {
        ObjectRef ref = ObjectRef.ofAggregate(aggregateId);
        if (ref.isConfig()) {
            return new ConfigObjectAggregate();
        }
        return ObjectRef.DEPLOYMENT.equals(ref.kind()) ? new DeploymentAggregate() : new ReplicaSetAggregate();
    }

    /**
     * The aggregate a snapshot holds, as if folded from the events it summarises.
     *
     * @throws Snapshots.Unreadable when the snapshot does not fit its aggregate's kind or does not decode
     */
    static FoldedAggregate of(Snapshots.AggregateSnapshot s) throws Snapshots.Unreadable {
        ObjectRef ref;
        try {
            ref = ObjectRef.ofAggregate(s.aggregate());
        } catch (IllegalArgumentException e) {
            throw new Snapshots.Unreadable("snapshot of an unknown aggregate " + s.aggregate() + ": " + e.getMessage());
        }
        if (ref.isConfig()) {
            if (s.workload() != null) {
                throw new Snapshots.Unreadable("snapshot of stored object " + s.aggregate() + " holds a workload");
            }
            return new ConfigObjectAggregate(s.aggregate(), Snapshots.configState(s));
        }
        if (s.workload() == null || !s.aggregate().equals(s.workload().aggregate())) {
            throw new Snapshots.Unreadable("snapshot of workload " + s.aggregate() + " holds no state of it");
        }
        WorkloadState state = WorkloadState.of(s.workload());
        return ObjectRef.DEPLOYMENT.equals(ref.kind()) ? new DeploymentAggregate(s.aggregate(), state)
                : new ReplicaSetAggregate(s.aggregate(), state);
    }

    /** Its snapshot, folded up to event {@code sequence}, written with the snapshot of events offset {@code offset}. */
    Snapshots.AggregateSnapshot snapshot(String aggregateId, long sequence, long offset);

    /** Applies one committed event of aggregate {@code aggregateId} that happened at {@code time}. */
    void fold(String aggregateId, RollbookEvent event, Instant time);

    /**
     * Forgets what no decision reads any more, after a committed event: for a workload, the revisions
     * no ReplicaSet carries ({@code WorkloadState.forgetRevisionsGone}), which no rule reads (they
     * read the current revision's outcome and the ReplicaSets'), and which never come back (new
     * revisions are numbered up). It keeps the folded state bounded by the live objects.
     */
    default void forgetWhatNoDecisionReads() {
    }

    /** An independent copy, for Axon to load and change while this one stays as it is. */
    FoldedAggregate copy();
}
