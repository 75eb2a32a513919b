package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetCondition;
import io.rollbook.engine.deployment.util.Conditions;
import io.rollbook.engine.deployment.util.Fenceposts;
import io.rollbook.engine.deployment.util.ReplicaSets;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Deployment status (A12) and the Progressing condition with its deadline (A13). */
public final class Progress {

    private Progress() {
    }

    /** A deadline is set and is not MaxInt32 ("no deadline"). */
    public static boolean hasProgressDeadline(Deployment d) {
        Integer s = d.spec().progressDeadlineSeconds();
        return s != null && s != Integer.MAX_VALUE;
    }

    /**
     * Go's calculateStatus (A12.1, A12.3): counts from the ReplicaSets, conditions copied, then
     * Available set from the availability floor.
     */
    public static DeploymentStatus calculate(List<ReplicaSet> all, ReplicaSet newRs, Deployment d, Instant now) {
        return calculate(all, newRs, d, Fenceposts.maxUnavailable(d), now);
    }

    /** {@link #calculate(List, ReplicaSet, Deployment, Instant)} with MaxUnavailable(d) already resolved. */
    static DeploymentStatus calculate(List<ReplicaSet> all, ReplicaSet newRs, Deployment d, int maxUnavailable,
                                      Instant now) {
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
                ? Conditions.of(DeploymentCondition.AVAILABLE, Conditions.TRUE, Conditions.MINIMUM_REPLICAS_AVAILABLE,
                "Deployment has minimum availability.", now)
                : Conditions.of(DeploymentCondition.AVAILABLE, Conditions.FALSE,
                Conditions.MINIMUM_REPLICAS_UNAVAILABLE, "Deployment does not have minimum availability.", now);
        return Conditions.set(status, availability);
    }

    /** Σ terminatingReplicas, unset when a synced ReplicaSet does not report it (A12.1). */
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

    /** DeploymentComplete (A12.4). */
    public static boolean complete(Deployment d, DeploymentStatus s) {
        int replicas = d.spec().replicasOrDefault();
        return s.updatedReplicas() == replicas && s.replicas() == replicas && s.availableReplicas() == replicas
                && s.observedGeneration() >= d.metadata().generationOrZero();
    }

    /** DeploymentProgressing (A12.5): more updated, fewer old, more ready or more available than stored. */
    static boolean progressing(Deployment d, DeploymentStatus next) {
        DeploymentStatus old = d.statusOrEmpty();
        int oldOld = old.replicas() - old.updatedReplicas();
        int newOld = next.replicas() - next.updatedReplicas();
        return next.updatedReplicas() > old.updatedReplicas() || newOld < oldOld
                || next.readyReplicas() > old.readyReplicas() || next.availableReplicas() > old.availableReplicas();
    }

    /** DeploymentTimedOut (A13.3.3): lastUpdateTime + deadline strictly before now. */
    static boolean timedOut(Deployment d, DeploymentStatus next, Instant now) {
        if (!hasProgressDeadline(d)) {
            return false;
        }
        DeploymentCondition c = next.condition(DeploymentCondition.PROGRESSING);
        if (c == null || Conditions.NEW_RS_AVAILABLE_REASON.equals(c.reason())) {
            return false;
        }
        if (Conditions.TIMED_OUT_REASON.equals(c.reason())) {
            return true;
        }
        Instant from = c.lastUpdateTime() == null ? Instant.EPOCH : c.lastUpdateTime();
        return from.plusSeconds(d.spec().progressDeadlineSeconds()).isBefore(now);
    }

    /** Go's syncDeploymentStatus: plain status, no progress estimate (sync path, A9). */
    static void syncDeploymentStatus(Pass p, List<ReplicaSet> all, ReplicaSet newRs) {
        p.writeStatus(calculate(all, newRs, p.d, p.maxUnavailable(), p.now));
    }

    /** Go's syncRolloutStatus (A13). */
    static void syncRolloutStatus(Pass p, List<ReplicaSet> all, ReplicaSet newRs) {
        Deployment d = p.d;
        DeploymentStatus next = calculate(all, newRs, d, p.maxUnavailable(), p.now);
        if (!hasProgressDeadline(d)) {
            next = Conditions.remove(next, DeploymentCondition.PROGRESSING);
        }
        DeploymentCondition current = d.statusOrEmpty().condition(DeploymentCondition.PROGRESSING);
        boolean resyncOfComplete = next.replicas() == next.updatedReplicas() && current != null
                && Conditions.NEW_RS_AVAILABLE_REASON.equals(current.reason());
        if (hasProgressDeadline(d) && !resyncOfComplete) {
            next = estimateProgress(p, next, newRs, current);
        }
        next = replicaFailure(next, all, newRs);
        if (next.equals(d.statusOrEmpty())) {
            p.requeueAfter = requeueAfter(d, next, p.now);
            return;
        }
        p.writeStatus(next);
    }

    private static DeploymentStatus estimateProgress(Pass p, DeploymentStatus next, ReplicaSet newRs,
                                                     DeploymentCondition current) {
        if (complete(p.d, next)) {
            return Conditions.set(next, Conditions.of(DeploymentCondition.PROGRESSING, Conditions.TRUE,
                    Conditions.NEW_RS_AVAILABLE_REASON, subject(p, newRs) + " has successfully progressed.", p.now));
        }
        if (progressing(p.d, next)) {
            DeploymentCondition c = Conditions.of(DeploymentCondition.PROGRESSING, Conditions.TRUE,
                    Conditions.RS_UPDATED_REASON, subject(p, newRs) + " is progressing.", p.now);
            // Unlike every other condition, lastUpdateTime moves on with each sign of progress.
            if (current != null) {
                if (Conditions.TRUE.equals(current.status())) {
                    c = c.withLastTransitionTime(current.lastTransitionTime());
                }
                next = Conditions.remove(next, DeploymentCondition.PROGRESSING);
            }
            return Conditions.set(next, c);
        }
        if (timedOut(p.d, next, p.now)) {
            return Conditions.set(next, Conditions.of(DeploymentCondition.PROGRESSING, Conditions.FALSE,
                    Conditions.TIMED_OUT_REASON, subject(p, newRs) + " has timed out progressing.", p.now));
        }
        return next;
    }

    /** What the Progressing messages are about: the new ReplicaSet, or the Deployment when there is none. */
    private static String subject(Pass p, ReplicaSet newRs) {
        return newRs != null ? "ReplicaSet \"" + newRs.name() + "\"" : "Deployment \"" + p.d.metadata().name() + "\"";
    }

    /** A13.4: the new ReplicaSet's ReplicaFailure condition, else any old one's; removed when none. */
    private static DeploymentStatus replicaFailure(DeploymentStatus next, List<ReplicaSet> all, ReplicaSet newRs) {
        ReplicaSetCondition failure = newRs == null ? null : failureOf(newRs);
        for (int i = 0; failure == null && i < all.size(); i++) {
            failure = all.get(i) == null ? null : failureOf(all.get(i));
        }
        if (failure == null) {
            return Conditions.remove(next, DeploymentCondition.REPLICA_FAILURE);
        }
        return Conditions.set(next, new DeploymentCondition(DeploymentCondition.REPLICA_FAILURE, failure.status(),
                failure.lastTransitionTime(), failure.lastTransitionTime(), failure.reason(), failure.message()));
    }

    private static ReplicaSetCondition failureOf(ReplicaSet rs) {
        List<ReplicaSetCondition> cs = rs.statusOrEmpty().conditions();
        if (cs == null) {
            return null;
        }
        return cs.stream().filter(c -> DeploymentCondition.REPLICA_FAILURE.equals(c.type())).findFirst().orElse(null);
    }

    /**
     * A13.6: when nothing changed, look again once the deadline could have passed: lastUpdateTime +
     * deadline − now, plus a second; at once (zero) when under a second; null when there is nothing to wait for.
     */
    static Duration requeueAfter(Deployment d, DeploymentStatus next, Instant now) {
        DeploymentCondition current = d.statusOrEmpty().condition(DeploymentCondition.PROGRESSING);
        if (!hasProgressDeadline(d) || current == null) {
            return null;
        }
        if (complete(d, next) || Conditions.TIMED_OUT_REASON.equals(current.reason())) {
            return null;
        }
        Instant last = current.lastUpdateTime() == null ? Instant.EPOCH : current.lastUpdateTime();
        Duration after = Duration.between(now, last.plusSeconds(d.spec().progressDeadlineSeconds()));
        if (after.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ZERO;
        }
        return after.plusSeconds(1);
    }
}
