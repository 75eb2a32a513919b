package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.deployment.util.Annotations;
import io.rollbook.engine.deployment.util.Conditions;
import io.rollbook.engine.deployment.util.Fenceposts;
import io.rollbook.engine.deployment.util.ReplicaSets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * sync.go: what a pass does besides rolling out. Scaling events and proportional scaling (also
 * all a paused Deployment does), the paused condition, and the plain status write. The new
 * ReplicaSet half of sync.go is {@link NewReplicaSet}, its history cleanup {@link HistoryCleanup}.
 *
 * <p>Worked example of proportional scaling: 7 → 10 replicas, maxSurge 0, ReplicaSets 3/2/2 with
 * max-replicas 7: 3 more pods are shared by size, round(3 × 10/7) − 3 = 1, then 1 and 1, giving 4/3/3.
 */
final class Sync {

    private Sync() {
    }

    /** sync.go syncStatusOnly: a Deployment being deleted only gets its status written. */
    static void syncStatusOnly(Pass p) {
        NewReplicaSet.Found found = NewReplicaSet.getAllReplicaSetsAndSyncRevision(p, false);
        syncDeploymentStatus(p, found.all(), found.newRs());
    }

    /**
     * sync.go checkPausedConditions: with a progress deadline, Progressing becomes Unknown
     * {@code DeploymentPaused} on pause and {@code DeploymentResumed} on resume (a fresh
     * lastUpdateTime, so the deadline starts again). A timed-out Progressing stays as it is.
     */
    static void checkPausedConditions(Pass p) {
        if (!Conditions.hasProgressDeadline(p.d)) {
            return;
        }
        DeploymentCondition cond = p.status().condition(WellKnown.DEPLOYMENT_PROGRESSING);
        if (cond != null && WellKnown.TIMED_OUT_REASON.equals(cond.reason())) {
            return;
        }
        boolean pausedCondExists = cond != null && WellKnown.PAUSED_DEPLOY_REASON.equals(cond.reason());
        boolean paused = p.d.spec().isPaused();
        if (paused && !pausedCondExists) {
            p.setCondition(Conditions.of(WellKnown.DEPLOYMENT_PROGRESSING, WellKnown.CONDITION_UNKNOWN,
                    WellKnown.PAUSED_DEPLOY_REASON, "Deployment is paused", p.now));
        } else if (!paused && pausedCondExists) {
            p.setCondition(Conditions.of(WellKnown.DEPLOYMENT_PROGRESSING, WellKnown.CONDITION_UNKNOWN,
                    WellKnown.RESUMED_DEPLOY_REASON, "Deployment is resumed", p.now));
        }
    }

    /**
     * sync.go isScalingEvent: an active ReplicaSet's desired-replicas annotation differs from
     * spec.replicas, so the replicas changed since the ReplicaSets were last sized.
     */
    static boolean isScalingEvent(Pass p) {
        NewReplicaSet.Found found = NewReplicaSet.getAllReplicaSetsAndSyncRevision(p, false);
        int replicas = p.d.spec().replicasOrDefault();
        for (ReplicaSet rs : found.all()) {
            Integer desired = rs.specReplicas() > 0 ? Annotations.desiredReplicas(rs) : null; // active ones only
            if (desired != null && desired != replicas) {
                return true;
            }
        }
        return false;
    }

    /**
     * sync.go sync: scale, clean the history while paused, write the plain status. Never creates
     * the new ReplicaSet: a template change waits for the rollout that follows.
     */
    static void sync(Pass p) {
        NewReplicaSet.Found found = NewReplicaSet.getAllReplicaSetsAndSyncRevision(p, false);
        List<ReplicaSet> old = new ArrayList<>(found.old());
        scale(p, found.newRs(), old);
        if (p.d.spec().isPaused() && p.d.metadata().annotation(WellKnown.ROLLBACK_TO_ANNOTATION) == null) {
            HistoryCleanup.cleanupDeployment(p, old);
        }
        List<ReplicaSet> all = new ArrayList<>(old);
        if (found.newRs() != null) {
            all.add(found.newRs());
        }
        syncDeploymentStatus(p, all, found.newRs());
    }

    /**
     * sync.go scale: one active ReplicaSet (or the newest, when none is) takes all the replicas; a
     * saturated new ReplicaSet sends the old ones to 0; otherwise a rolling Deployment shares the
     * difference proportionally. Reorders {@code old} newest first, as upstream's in-place sort does.
     */
    static void scale(Pass p, ReplicaSet newRs, List<ReplicaSet> old) {
        Deployment d = p.d;
        int replicas = d.spec().replicasOrDefault();
        ReplicaSet activeOrLatest = findActiveOrLatest(newRs, old);
        if (activeOrLatest != null) {
            if (activeOrLatest.specReplicas() != replicas) {
                boolean active = activeOrLatest.specReplicas() > 0;
                p.scaleAndRecordEvent(activeOrLatest, replicas, () -> (active ? "the only active ReplicaSet"
                        : "no ReplicaSet is active, so the newest") + " takes all " + replicas + " replicas");
            }
            return;
        }
        if (ReplicaSets.isSaturated(d, newRs)) {
            for (ReplicaSet rs : ReplicaSets.active(old)) {
                p.scaleAndRecordEvent(rs, 0, () -> "the new ReplicaSet " + newRs.name() + " runs all " + replicas
                        + " replicas (IsSaturated): old ones go to 0");
            }
            return;
        }
        if (Fenceposts.isRollingUpdate(d)) {
            proportionally(p, newRs, old);
        }
    }

    /** deployment_util.go FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active. */
    private static ReplicaSet findActiveOrLatest(ReplicaSet newRs, List<ReplicaSet> old) {
        if (newRs == null && old.isEmpty()) {
            return null;
        }
        old.sort(ReplicaSets.OLDEST_FIRST.reversed());
        List<ReplicaSet> all = new ArrayList<>(old);
        if (newRs != null) {
            all.add(newRs);
        }
        List<ReplicaSet> active = ReplicaSets.active(all);
        if (active.isEmpty()) {
            return newRs != null ? newRs : old.get(0);
        }
        return active.size() == 1 ? active.get(0) : null;
    }

    /**
     * The proportional half of sync.go scale: allowed = replicas + maxSurge; the difference to the
     * active ReplicaSets' sum is shared by size (largest first: newest on ties when growing, oldest
     * when shrinking), and what rounding leaves over goes to the first of them.
     */
    private static void proportionally(Pass p, ReplicaSet newRs, List<ReplicaSet> old) {
        Deployment d = p.d;
        int replicas = d.spec().replicasOrDefault();
        List<ReplicaSet> all = new ArrayList<>(old);
        if (newRs != null) {
            all.add(newRs);
        }
        List<ReplicaSet> active = ReplicaSets.active(all);
        int allowed = replicas > 0 ? replicas + p.maxSurge() : 0;
        int toAdd = allowed - ReplicaSets.specSum(active);
        if (toAdd > 0) {
            active.sort(ReplicaSets.BY_SIZE_NEWER);
        } else if (toAdd < 0) {
            active.sort(ReplicaSets.BY_SIZE_OLDER);
        }
        Map<String, Integer> sizes = new HashMap<>();
        int added = 0;
        for (ReplicaSet rs : active) {
            int proportion = toAdd == 0 ? 0 : ReplicaSets.proportion(rs, d, toAdd, added);
            sizes.put(rs.name(), rs.specReplicas() + proportion);
            added += proportion;
        }
        int leftover = toAdd - added;
        for (int i = 0; i < active.size(); i++) {
            ReplicaSet rs = active.get(i);
            boolean first = i == 0 && toAdd != 0;
            if (first) {
                sizes.put(rs.name(), Math.max(0, sizes.get(rs.name()) + leftover));
            }
            p.scale(rs, sizes.get(rs.name()), () -> proportionalReason(rs, d, allowed, toAdd, first ? leftover : 0));
        }
    }

    /**
     * Why proportional scaling gives a ReplicaSet its new size: its share of {@code toAdd} is its
     * size scaled by allowed over what it was sized for (getReplicaSetFraction), plus any rounding
     * left over for the first ReplicaSet.
     */
    private static String proportionalReason(ReplicaSet rs, Deployment d, int allowed, int toAdd, int leftover) {
        Integer maxReplicas = Annotations.maxReplicas(rs);
        String base = maxReplicas == null || maxReplicas == 0 ? "status.replicas " + d.statusOrEmpty().replicas()
                : "max-replicas " + maxReplicas;
        return "proportional share of " + (toAdd > 0 ? "+" : "") + toAdd + ": size × " + allowed + " / " + base
                + (leftover == 0 ? "" : ", and the " + leftover + " left over by rounding");
    }

    /** sync.go syncDeploymentStatus: the plain status, with no progress estimate. */
    static void syncDeploymentStatus(Pass p, List<ReplicaSet> all, ReplicaSet newRs) {
        p.writeStatus(calculateStatus(all, newRs, p.d, p.maxUnavailable(), p.now));
    }

    /**
     * sync.go calculateStatus: the counts summed over the ReplicaSets, the stored conditions
     * copied, then Available from the availability floor (available ≥ replicas − MaxUnavailable).
     */
    static DeploymentStatus calculateStatus(List<ReplicaSet> all, ReplicaSet newRs, Deployment d,
                                            int maxUnavailable, Instant now) {
        int available = ReplicaSets.availableSum(all);
        int unavailable = Math.max(0, ReplicaSets.specSum(all) - available);
        DeploymentStatus stored = d.statusOrEmpty();
        DeploymentStatus status = new DeploymentStatus(
                d.metadata().generationOrZero(),
                ReplicaSets.actualSum(all),
                newRs == null ? 0 : newRs.statusOrEmpty().replicas(),
                ReplicaSets.readySum(all),
                available,
                unavailable,
                terminating(all),
                stored.conditions(),
                stored.collisionCount());
        boolean minimum = available >= d.spec().replicasOrDefault() - maxUnavailable;
        DeploymentCondition availability = minimum
                ? Conditions.of(WellKnown.DEPLOYMENT_AVAILABLE, WellKnown.CONDITION_TRUE,
                        WellKnown.MINIMUM_REPLICAS_AVAILABLE, "Deployment has minimum availability.", now)
                : Conditions.of(WellKnown.DEPLOYMENT_AVAILABLE, WellKnown.CONDITION_FALSE,
                        WellKnown.MINIMUM_REPLICAS_UNAVAILABLE, "Deployment does not have minimum availability.", now);
        return Conditions.set(status, availability);
    }

    /**
     * deployment_util.go GetTerminatingReplicaCountForReplicaSets: Σ terminatingReplicas, unset
     * when a ReplicaSet that has been synced does not report it.
     */
    private static Integer terminating(List<ReplicaSet> all) {
        int sum = 0;
        for (ReplicaSet rs : all) {
            if (rs == null) {
                continue;
            }
            Integer t = rs.statusOrEmpty().terminatingReplicas();
            if (t != null) {
                sum += t;
            } else if (rs.statusOrEmpty().observedGeneration() > 0) {
                return null;
            }
        }
        return sum;
    }
}
