package io.rollbook.engine.controllers;

import io.rollbook.api.event.PodCreated;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.PodTerminating;
import io.rollbook.api.event.ReplicaSetStatusChanged;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetStatus;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.domain.PodState;
import io.rollbook.engine.domain.WorkloadState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The ReplicaSet controller: keeps {@code spec.replicas} active pods, replacing failed ones and
 * deleting the least valuable first, and counts status from the pods (A12.2).
 */
public final class ReplicaSetController {

    /**
     * Upstream's deletion ranking: unscheduled before scheduled, Pending before Running, not ready
     * before ready, ready for less time before more, newer before older.
     */
    static final Comparator<PodState> DELETE_FIRST = Comparator
            .comparing((PodState p) -> p.node() != null)
            .thenComparing(p -> !WellKnown.POD_PENDING.equals(p.phase()))
            .thenComparing(PodState::ready)
            .thenComparing(p -> p.readySince() == null ? Instant.MIN : p.readySince(), Comparator.reverseOrder())
            .thenComparing(PodState::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(PodState::name);

    private ReplicaSetController() {
    }

    /** One sync of one ReplicaSet; true when it emitted anything. */
    public static boolean sync(WorkloadState state, String name, Instant now, EventSink sink) {
        ReplicaSet rs = state.replicaSet(name);
        List<PodState> pods = state.podsOf(name);
        List<PodState> active = new ArrayList<>();
        for (PodState p : pods) {
            if (p.active()) {
                active.add(p);
            }
        }
        int diff = active.size() - rs.specReplicas();
        boolean changed = false;
        if (diff < 0) {
            changed = replaceFailed(pods, sink);
            for (int i = 0; i < -diff; i++) {
                sink.emit(new PodCreated(PodNames.name(name, state.nextPodOrdinal(name)), name, null));
            }
            changed = true;
        } else if (diff > 0) {
            active.sort(DELETE_FIRST);
            for (PodState p : active.subList(0, diff)) {
                // A pod no kubelet runs yet can go at once; a running one terminates first.
                sink.emit(p.node() == null ? new PodDeleted(p.name(), name, null)
                        : new PodTerminating(p.name(), name, p.node()));
            }
            changed = true;
        }
        return updateStatus(state, name, now, sink) || changed;
    }

    /** Failed pods are removed once their replacements are made (a simplified pod GC). */
    private static boolean replaceFailed(List<PodState> pods, EventSink sink) {
        boolean changed = false;
        for (PodState p : pods) {
            if (WellKnown.POD_FAILED.equals(p.phase()) && !p.terminating()) {
                sink.emit(new PodDeleted(p.name(), p.replicaSet(), p.node()));
                changed = true;
            }
        }
        return changed;
    }

    private static boolean updateStatus(WorkloadState state, String name, Instant now, EventSink sink) {
        ReplicaSet rs = state.replicaSet(name);
        ReplicaSetStatus status = status(rs, state.podsOf(name), now);
        if (Objects.equals(status, rs.status())) {
            return false;
        }
        sink.emit(new ReplicaSetStatusChanged(name, status));
        return true;
    }

    /** A12.1-A12.2: active pods, ready ones, available ones (minReadySeconds), terminating ones. */
    public static ReplicaSetStatus status(ReplicaSet rs, List<PodState> pods, Instant now) {
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int terminating = 0;
        int minReady = rs.spec().minReadySecondsOrZero();
        for (PodState p : pods) {
            if (p.terminating()) {
                terminating++;
            } else if (p.active()) {
                replicas++;
                ready += p.ready() ? 1 : 0;
                available += p.available(minReady, now) ? 1 : 0;
            }
        }
        return new ReplicaSetStatus(replicas, replicas, ready, available, terminating,
                rs.metadata().generationOrZero(), null);
    }

    /** The earliest time a ready pod becomes available, or null when none waits on minReadySeconds. */
    public static Instant nextAvailability(ReplicaSet rs, List<PodState> pods, Instant now) {
        int minReady = rs.spec().minReadySecondsOrZero();
        Instant next = null;
        for (PodState p : pods) {
            if (p.active() && p.ready() && !p.available(minReady, now)) {
                // available strictly after readySince + minReadySeconds
                Instant at = p.readySince().plusSeconds(minReady).plusMillis(1);
                next = next == null || at.isBefore(next) ? at : next;
            }
        }
        return next;
    }
}
