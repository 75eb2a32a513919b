package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.engine.deployment.util.ReplicaSets;

import java.util.ArrayList;
import java.util.List;

/**
 * The RollingUpdate strategy (A6): each pass either grows the new ReplicaSet or shrinks old ones,
 * never past replicas + maxSurge pods in all, never below replicas - maxUnavailable available.
 */
final class RollingUpdate {

    private RollingUpdate() {
    }

    /** Go's rolloutRolling (A6.1). */
    static void rollout(Pass p) {
        NewReplicaSet.Found found = NewReplicaSet.getAll(p, true);
        ReplicaSet newRs = found.newRs();
        List<ReplicaSet> all = found.all();
        if (reconcileNew(p, all, newRs)) {
            Progress.syncRolloutStatus(p, all, newRs);
            return;
        }
        if (reconcileOld(p, all, ReplicaSets.active(found.old()), newRs)) {
            Progress.syncRolloutStatus(p, all, newRs);
            return;
        }
        if (Progress.complete(p.d, p.status())) {
            HistoryCleanup.cleanup(p, found.old());
        }
        Progress.syncRolloutStatus(p, all, newRs);
    }

    /** A6.2: scale the new ReplicaSet down to replicas, or up to NewRSNewReplicas. */
    static boolean reconcileNew(Pass p, List<ReplicaSet> all, ReplicaSet newRs) {
        int replicas = p.d.spec().replicasOrDefault();
        if (newRs.specReplicas() == replicas) {
            return false;
        }
        if (newRs.specReplicas() > replicas) {
            return p.scaleAndRecordEvent(newRs, replicas).scaled();
        }
        return p.scaleAndRecordEvent(newRs, NewReplicaSet.newReplicas(p.d, all, newRs)).scaled();
    }

    /**
     * A6.4: how many old pods may go without availability dropping below the floor, counting the
     * new ReplicaSet's unavailable pods against it; unhealthy old pods go first.
     */
    static boolean reconcileOld(Pass p, List<ReplicaSet> all, List<ReplicaSet> activeOld, ReplicaSet newRs) {
        if (ReplicaSets.specSum(activeOld) == 0) {
            return false;
        }
        int minAvailable = p.d.spec().replicasOrDefault() - p.maxUnavailable();
        int newUnavailable = newRs.specReplicas() - newRs.statusOrEmpty().availableReplicas();
        int maxScaledDown = ReplicaSets.specSum(all) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        List<ReplicaSet> old = new ArrayList<>(activeOld);
        int cleaned = cleanupUnhealthy(p, old, maxScaledDown);
        List<ReplicaSet> allAfter = new ArrayList<>(old);
        allAfter.add(newRs);
        int scaledDown = scaleDownOld(p, allAfter, old);
        return cleaned + scaledDown > 0;
    }

    /** A6.4.3: shrink old ReplicaSets by their unavailable pods, oldest first, within the budget. */
    private static int cleanupUnhealthy(Pass p, List<ReplicaSet> old, int maxCleanup) {
        old.sort(ReplicaSets.OLDEST_FIRST);
        int total = 0;
        for (int i = 0; i < old.size(); i++) {
            ReplicaSet rs = old.get(i);
            if (total >= maxCleanup) {
                break;
            }
            int spec = rs.specReplicas();
            int available = rs.statusOrEmpty().availableReplicas();
            if (spec == 0 || spec == available) {
                continue;
            }
            int count = Math.min(maxCleanup - total, spec - available);
            int newCount = spec - count;
            if (newCount > spec) {
                throw new Pass.Stop("when cleaning up unhealthy replicas, got invalid request to scale down "
                        + rs.name() + " " + spec + " -> " + newCount);
            }
            old.set(i, p.scaleAndRecordEvent(rs, newCount).rs());
            total += count;
        }
        return total;
    }

    /** A6.4.4: remove available old pods, oldest ReplicaSet first, down to the availability floor. */
    private static int scaleDownOld(Pass p, List<ReplicaSet> all, List<ReplicaSet> old) {
        int minAvailable = p.d.spec().replicasOrDefault() - p.maxUnavailable();
        int available = ReplicaSets.availableSum(all);
        if (available <= minAvailable) {
            return 0;
        }
        old.sort(ReplicaSets.OLDEST_FIRST);
        int totalToScaleDown = available - minAvailable;
        int total = 0;
        for (ReplicaSet rs : old) {
            if (total >= totalToScaleDown) {
                break;
            }
            if (rs.specReplicas() == 0) {
                continue;
            }
            int count = Math.min(rs.specReplicas(), totalToScaleDown - total);
            p.scaleAndRecordEvent(rs, rs.specReplicas() - count);
            total += count;
        }
        return total;
    }
}
