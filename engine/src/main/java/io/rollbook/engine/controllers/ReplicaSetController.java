package io.rollbook.engine.controllers;

import io.rollbook.api.event.PodCreated;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.PodTerminating;
import io.rollbook.api.event.ReplicaSetStatusChanged;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetStatus;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.manifest.WellKnown;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The ReplicaSet controller (pkg/controller/replicaset, replica_set.go): keeps {@code spec.replicas}
 * active pods, replacing failed ones and deleting the least valuable first, and counts status from
 * the pods.
 */
public final class ReplicaSetController {

    /**
     * The deletion ranking of controller_utils.go ActivePodsWithRanks, as getPodsToDelete sorts:
     * unscheduled before scheduled, Pending before Running, not ready before ready, ready for less
     * time before more, newer before older.
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

    /**
     * replica_set.go syncReplicaSet: manageReplicas, then the status from the pods
     * (calculateStatus, written when it changed). True when it emitted anything.
     */
    public static boolean syncReplicaSet(WorkloadState state, String name, Instant now, EventSink sink) {
        boolean changed = manageReplicas(state, name, sink);
        return updateReplicaSetStatus(state, name, now, sink) || changed;
    }

    /**
     * replica_set.go manageReplicas: as many pods created as are missing, or the surplus deleted,
     * those getPodsToDelete ranks first. A pod no kubelet runs yet goes at once; a running one
     * terminates first.
     */
    private static boolean manageReplicas(WorkloadState state, String name, EventSink sink) {
        ReplicaSet rs = state.replicaSet(name);
        List<PodState> pods = state.podsOf(name);
        List<PodState> active = new ArrayList<>();
        for (PodState p : pods) {
            if (p.active()) {
                active.add(p);
            }
        }
        int diff = active.size() - rs.specReplicas();
        if (diff < 0) {
            replaceFailed(pods, sink);
            for (int i = 0; i < -diff; i++) {
                sink.emit(new PodCreated(PodNames.name(name, state.nextPodOrdinal(name)), name, null));
            }
            return true;
        }
        if (diff > 0) {
            for (PodState p : getPodsToDelete(active, diff)) {
                sink.emit(p.node() == null ? new PodDeleted(p.name(), name, null)
                        : new PodTerminating(p.name(), name, p.node()));
            }
            return true;
        }
        return false;
    }

    /** replica_set.go getPodsToDelete: the first {@code diff} of the active pods by {@link #DELETE_FIRST}. */
    private static List<PodState> getPodsToDelete(List<PodState> active, int diff) {
        active.sort(DELETE_FIRST);
        return active.subList(0, diff);
    }

    /** Failed pods are removed once their replacements are made (a simplified pod GC). */
    private static void replaceFailed(List<PodState> pods, EventSink sink) {
        for (PodState p : pods) {
            if (WellKnown.POD_FAILED.equals(p.phase()) && !p.terminating()) {
                sink.emit(new PodDeleted(p.name(), p.replicaSet(), p.node()));
            }
        }
    }

    /** replica_set_utils.go updateReplicaSetStatus: writes the calculated status when it changed. */
    private static boolean updateReplicaSetStatus(WorkloadState state, String name, Instant now, EventSink sink) {
        ReplicaSet rs = state.replicaSet(name);
        ReplicaSetStatus status = calculateStatus(rs, state.podsOf(name), now);
        if (Objects.equals(status, rs.status())) {
            return false;
        }
        sink.emit(new ReplicaSetStatusChanged(name, status));
        return true;
    }

    /**
     * replica_set_utils.go calculateStatus: active pods (not terminating, not Failed or Succeeded),
     * the ready ones, the available ones (podutil IsPodAvailable: Ready for longer than
     * minReadySeconds), and the terminating ones.
     */
    public static ReplicaSetStatus calculateStatus(ReplicaSet rs, List<PodState> pods, Instant now) {
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

    /**
     * The earliest time a ready pod becomes available, or null when none waits on minReadySeconds:
     * upstream requeues the ReplicaSet after minReadySeconds; here it is a wake-up.
     */
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
