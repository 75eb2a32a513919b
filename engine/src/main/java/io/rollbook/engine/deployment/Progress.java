package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetCondition;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.deployment.util.Conditions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * progress.go: the status a rollout pass writes, with the Progressing condition and its deadline.
 * Timing out stops nothing; it only says so in the condition.
 */
final class Progress {

    private Progress() {
    }

    /**
     * progress.go syncRolloutStatus: the plain status ({@link Sync#calculateStatus}), then, when a
     * deadline is set and this is not a resync of a finished rollout, Progressing from the first of
     * complete, progressing, timed out; ReplicaFailure from the ReplicaSets. When nothing changed,
     * the pass asks to be looked at again when the deadline could pass ({@link #requeueStuckDeployment}).
     */
    static void syncRolloutStatus(Pass p, List<ReplicaSet> all, ReplicaSet newRs) {
        Deployment d = p.d;
        DeploymentStatus next = Sync.calculateStatus(all, newRs, d, p.maxUnavailable(), p.now);
        if (!Conditions.hasProgressDeadline(d)) {
            next = Conditions.remove(next, WellKnown.DEPLOYMENT_PROGRESSING);
        }
        DeploymentCondition current = d.statusOrEmpty().condition(WellKnown.DEPLOYMENT_PROGRESSING);
        boolean resyncOfComplete = next.replicas() == next.updatedReplicas() && current != null
                && WellKnown.NEW_RS_AVAILABLE_REASON.equals(current.reason());
        if (Conditions.hasProgressDeadline(d) && !resyncOfComplete) {
            next = estimateProgress(p, next, newRs, current);
        }
        next = getReplicaFailures(next, all, newRs);
        if (next.equals(d.statusOrEmpty())) {
            p.requeueAfter = requeueStuckDeployment(d, next, p.now);
            return;
        }
        p.writeStatus(next);
    }

    /** The Progressing half of syncRolloutStatus: complete, else progressing, else timed out. */
    private static DeploymentStatus estimateProgress(Pass p, DeploymentStatus next, ReplicaSet newRs,
                                                     DeploymentCondition current) {
        if (Conditions.deploymentComplete(p.d, next)) {
            return Conditions.set(next, Conditions.of(WellKnown.DEPLOYMENT_PROGRESSING, WellKnown.CONDITION_TRUE,
                    WellKnown.NEW_RS_AVAILABLE_REASON, subject(p, newRs) + " has successfully progressed.", p.now));
        }
        boolean holding = canaryHolding(p.d, newRs);
        if (holding || Conditions.deploymentProgressing(p.d, next)) {
            DeploymentCondition c = Conditions.of(WellKnown.DEPLOYMENT_PROGRESSING, WellKnown.CONDITION_TRUE,
                    WellKnown.RS_UPDATED_REASON, subject(p, newRs) + (holding ? " holds its canary weight."
                            : " is progressing."), p.now);
            // Unlike every other condition, lastUpdateTime moves on with each sign of progress.
            if (current != null) {
                if (WellKnown.CONDITION_TRUE.equals(current.status())) {
                    c = c.withLastTransitionTime(current.lastTransitionTime());
                }
                next = Conditions.remove(next, WellKnown.DEPLOYMENT_PROGRESSING);
            }
            return Conditions.set(next, c);
        }
        if (Conditions.deploymentTimedOut(p.d, next, p.now)) {
            return Conditions.set(next, Conditions.of(WellKnown.DEPLOYMENT_PROGRESSING, WellKnown.CONDITION_FALSE,
                    WellKnown.TIMED_OUT_REASON, subject(p, newRs) + " has timed out progressing.", p.now));
        }
        return next;
    }

    /**
     * Rollbook's canary: the new ReplicaSet has the pods its canary weight asks for, all available. A
     * canary waiting in a step (a pause, a promote) is not a stuck rollout, so each pass then counts as
     * progress, and the deadline runs only while a step's pods do not come up.
     */
    static boolean canaryHolding(Deployment d, ReplicaSet newRs) {
        Integer cap = NewReplicaSet.canaryCap(d);
        return cap != null && newRs != null && newRs.specReplicas() == cap
                && newRs.statusOrEmpty().availableReplicas() >= cap;
    }

    /** What the Progressing messages are about: the new ReplicaSet, or the Deployment when there is none. */
    private static String subject(Pass p, ReplicaSet newRs) {
        return newRs != null ? "ReplicaSet \"" + newRs.name() + "\"" : "Deployment \"" + p.d.metadata().name() + "\"";
    }

    /**
     * progress.go getReplicaFailures: the new ReplicaSet's ReplicaFailure condition, else any old
     * one's, as the Deployment's; removed when no ReplicaSet has one.
     */
    private static DeploymentStatus getReplicaFailures(DeploymentStatus next, List<ReplicaSet> all,
                                                       ReplicaSet newRs) {
        ReplicaSetCondition failure = newRs == null ? null : failureOf(newRs);
        for (int i = 0; failure == null && i < all.size(); i++) {
            failure = all.get(i) == null ? null : failureOf(all.get(i));
        }
        if (failure == null) {
            return Conditions.remove(next, WellKnown.DEPLOYMENT_REPLICA_FAILURE);
        }
        // deployment_util.go ReplicaSetToDeploymentCondition: both times from the ReplicaSet's transition
        return Conditions.set(next, new DeploymentCondition(WellKnown.DEPLOYMENT_REPLICA_FAILURE, failure.status(),
                failure.lastTransitionTime(), failure.lastTransitionTime(), failure.reason(), failure.message()));
    }

    private static ReplicaSetCondition failureOf(ReplicaSet rs) {
        List<ReplicaSetCondition> cs = rs.statusOrEmpty().conditions();
        if (cs == null) {
            return null;
        }
        return cs.stream().filter(c -> WellKnown.REPLICA_SET_REPLICA_FAILURE.equals(c.type())).findFirst().orElse(null);
    }

    /**
     * progress.go requeueStuckDeployment: when a pass changed nothing, when to look again so that
     * the deadline is noticed. Null when there is nothing to wait for (no deadline, no Progressing
     * condition, complete, or timed out already); zero (at once) when under a second is left.
     *
     * <p>The wait is lastUpdateTime + progressDeadlineSeconds − now, plus one second so that the
     * look comes after the deadline rather than a few milliseconds before it. Progressing last
     * updated at 10:00:00 with the default 600 s deadline, looked at 10:03:00: 10:00 + 10:00 − 10:03
     * leaves 7:00, so the next look is 7 min 1 s later, at 10:10:01, by which time the deadline
     * (10:10:00) has passed and the condition turns ProgressDeadlineExceeded unless pods moved.
     */
    static Duration requeueStuckDeployment(Deployment d, DeploymentStatus next, Instant now) {
        DeploymentCondition current = d.statusOrEmpty().condition(WellKnown.DEPLOYMENT_PROGRESSING);
        if (!Conditions.hasProgressDeadline(d) || current == null) {
            return null;
        }
        if (Conditions.deploymentComplete(d, next) || WellKnown.TIMED_OUT_REASON.equals(current.reason())) {
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
