package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.deployment.util.Conditions;
import io.rollbook.engine.deployment.util.ReplicaSets;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * rolling.go, the RollingUpdate strategy: each pass either grows the new ReplicaSet or shrinks old
 * ones, never past replicas + maxSurge pods in all, never below replicas − maxUnavailable available.
 */
final class RollingUpdate {

    private RollingUpdate() {
    }

    /**
     * rolling.go rolloutRolling: get or create the new ReplicaSet; scale it up if it may grow and
     * stop; else scale old ones down if any may go and stop; else, once the stored status says
     * complete, clean up the history. Every branch ends with the rollout status.
     */
    static void rolloutRolling(Pass p) {
        NewReplicaSet.Found found = NewReplicaSet.getAllReplicaSetsAndSyncRevision(p, true);
        ReplicaSet newRs = found.newRs();
        List<ReplicaSet> all = found.all();
        if (reconcileNewReplicaSet(p, all, newRs)) {
            Progress.syncRolloutStatus(p, all, newRs);
            return;
        }
        if (reconcileOldReplicaSets(p, all, ReplicaSets.active(found.old()), newRs)) {
            Progress.syncRolloutStatus(p, all, newRs);
            return;
        }
        if (Conditions.deploymentComplete(p.d, p.status())) {
            HistoryCleanup.cleanupDeployment(p, found.old());
        }
        Progress.syncRolloutStatus(p, all, newRs);
    }

    /**
     * rolling.go reconcileNewReplicaSet: nothing when the new ReplicaSet has spec.replicas; down to
     * spec.replicas when it has more; otherwise up to NewRSNewReplicas. Rollbook's canary weight, when
     * one is in force, caps it (NewReplicaSet.canaryCap), and a new ReplicaSet above the cap goes down to it.
     */
    static boolean reconcileNewReplicaSet(Pass p, List<ReplicaSet> all, ReplicaSet newRs) {
        int replicas = p.d.spec().replicasOrDefault();
        Integer cap = NewReplicaSet.canaryCap(p.d);
        if (cap != null && newRs.specReplicas() > cap) {
            return p.scaleAndRecordEvent(newRs, cap, () -> "scale the new ReplicaSet down to the canary weight's "
                    + cap + " pods (" + p.d.metadata().annotation(WellKnown.CANARY_WEIGHT_ANNOTATION) + "% of "
                    + replicas + ")").scaled();
        }
        if (newRs.specReplicas() == replicas) {
            return false;
        }
        if (newRs.specReplicas() > replicas) {
            return p.scaleAndRecordEvent(newRs, replicas, () -> "scale the new ReplicaSet down to spec.replicas: "
                    + newRs.specReplicas() + " > " + replicas).scaled();
        }
        Supplier<String> why = () -> "scale up the new ReplicaSet "
                + (cap == null ? "" : "to at most the canary weight's " + cap + " pods, ")
                + NewReplicaSet.withinMaxSurge(p.d, all, newRs);
        return p.scaleAndRecordEvent(newRs, NewReplicaSet.newRSNewReplicas(p.d, all, newRs), why).scaled();
    }

    /**
     * rolling.go reconcileOldReplicaSets: how many old pods may go without availability dropping
     * below the floor; unhealthy old pods go first, then available ones.
     *
     * <p>The budget is maxScaledDown = all pods − minAvailable − the new ReplicaSet's unavailable
     * pods. Counting the new ReplicaSet's unavailable pods against it is what stops a broken new
     * template from eating the old, working pods. With 10 replicas, maxUnavailable 2 and maxSurge 3
     * (minAvailable 8, at most 13 pods):
     * <ul>
     *   <li>A template change makes the new ReplicaSet at 3 (13 pods); 13 − 8 − 3 = 2 while its 3
     *       pods start, so the old one goes 10 → 8, and the new one may grow to 5.</li>
     *   <li>Its 5 pods crash and never become available: 13 − 8 − 5 = 0. Nothing old may go, not
     *       even when a node loses one of the 8 old pods: the rollout waits instead of dropping
     *       below what still serves.</li>
     *   <li>{@code rollout undo} makes the old template the new one again; the crashing ReplicaSet
     *       is now an old one and only 1 of the 8 pods of the new one is unavailable (the one lost
     *       with the node): 13 − 8 − 1 = 4, and cleanupUnhealthyReplicas takes 4 of the 5 crashing
     *       pods first, leaving 9 pods, so the good ReplicaSet can grow back to 10.</li>
     *   <li>Had a third template been pushed instead ("roll over"), its ReplicaSet would start at 0
     *       (13 pods already), with no unavailable pods of its own: 13 − 8 − 0 = 5 may go from the
     *       two old ones, the 5 crashing pods first, and the new one can then grow by 5.</li>
     * </ul>
     */
    static boolean reconcileOldReplicaSets(Pass p, List<ReplicaSet> all, List<ReplicaSet> activeOld,
                                           ReplicaSet newRs) {
        if (ReplicaSets.specSum(activeOld) == 0) {
            return false;
        }
        int minAvailable = p.d.spec().replicasOrDefault() - p.maxUnavailable();
        int newUnavailable = newRs.specReplicas() - newRs.statusOrEmpty().availableReplicas();
        int allPods = ReplicaSets.specSum(all);
        int maxScaledDown = allPods - minAvailable - newUnavailable;
        Supplier<String> budget = () -> "maxScaledDown = " + allPods + " - " + minAvailable + " - " + newUnavailable
                + " = " + maxScaledDown;
        if (maxScaledDown <= 0) {
            p.idleReason = budget.get() + " (all pods - minAvailable - new unavailable): no old pod may go until "
                    + "more new pods are available";
            return false;
        }
        // A canary keeps replicas - cap pods on the old ReplicaSets: 10 replicas at weight 20 keep 8.
        Integer cap = NewReplicaSet.canaryCap(p.d);
        int canaryRoom = cap == null ? Integer.MAX_VALUE
                : ReplicaSets.specSum(activeOld) - (p.d.spec().replicasOrDefault() - cap);
        if (canaryRoom <= 0) {
            p.idleReason = "the canary weight keeps " + (p.d.spec().replicasOrDefault() - cap)
                    + " pods on the old ReplicaSets";
            return false;
        }
        List<ReplicaSet> old = new ArrayList<>(activeOld);
        int cleaned = cleanupUnhealthyReplicas(p, old, Math.min(maxScaledDown, canaryRoom), budget);
        List<ReplicaSet> allAfter = new ArrayList<>(old);
        allAfter.add(newRs);
        int scaledDown = scaleDownOldReplicaSetsForRollingUpdate(p, allAfter, old,
                canaryRoom == Integer.MAX_VALUE ? canaryRoom : canaryRoom - cleaned);
        return cleaned + scaledDown > 0;
    }

    /**
     * rolling.go cleanupUnhealthyReplicas: shrink old ReplicaSets by their unavailable pods, oldest
     * first, within {@code maxCleanup}. Removing a pod that serves nothing costs no availability.
     */
    private static int cleanupUnhealthyReplicas(Pass p, List<ReplicaSet> old, int maxCleanup,
                                                Supplier<String> budget) {
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
            old.set(i, p.scaleAndRecordEvent(rs, newCount, () -> "cleanupUnhealthyReplicas: " + (spec - available)
                    + " of its " + spec + " pods are unavailable, within " + budget.get()).rs());
            total += count;
        }
        return total;
    }

    /**
     * rolling.go scaleDownOldReplicaSetsForRollingUpdate: remove available old pods, oldest
     * ReplicaSet first, as far as the pods available in all (new ones included) stay at or above
     * minAvailable, and no more than {@code limit} (a canary's room; else unbounded).
     */
    private static int scaleDownOldReplicaSetsForRollingUpdate(Pass p, List<ReplicaSet> all,
                                                               List<ReplicaSet> old, int limit) {
        int minAvailable = p.d.spec().replicasOrDefault() - p.maxUnavailable();
        int available = ReplicaSets.availableSum(all);
        if (available <= minAvailable || limit <= 0) {
            return 0;
        }
        old.sort(ReplicaSets.OLDEST_FIRST);
        int totalToScaleDown = Math.min(available - minAvailable, limit);
        int total = 0;
        for (ReplicaSet rs : old) {
            if (total >= totalToScaleDown) {
                break;
            }
            if (rs.specReplicas() == 0) {
                continue;
            }
            int count = Math.min(rs.specReplicas(), totalToScaleDown - total);
            p.scaleAndRecordEvent(rs, rs.specReplicas() - count, () -> available + " available, minAvailable "
                    + minAvailable + ": " + totalToScaleDown + " old pods may go, oldest ReplicaSet first");
            total += count;
        }
        return total;
    }
}
