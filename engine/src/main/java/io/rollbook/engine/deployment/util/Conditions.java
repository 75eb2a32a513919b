package io.rollbook.engine.deployment.util;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.WellKnown;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deployment conditions (deployment_util.go): the generic condition rule, and the predicates on a
 * status that decide what Progressing says (complete, progressing, timed out).
 */
public final class Conditions {

    private Conditions() {
    }

    /** deployment_util.go NewDeploymentCondition: a condition stamped {@code now} for both times. */
    public static DeploymentCondition of(String type, String status, String reason, String message, Instant now) {
        return new DeploymentCondition(type, status, now, now, reason, message);
    }

    /**
     * deployment_util.go SetDeploymentCondition: same type, status and reason changes nothing; same status keeps
     * lastTransitionTime; the written condition moves to the end of the list.
     */
    public static DeploymentStatus set(DeploymentStatus status, DeploymentCondition condition) {
        DeploymentCondition current = status.condition(condition.type());
        if (current != null && current.status().equals(condition.status())
                && java.util.Objects.equals(current.reason(), condition.reason())) {
            return status;
        }
        DeploymentCondition written = condition;
        if (current != null && current.status().equals(condition.status())) {
            written = condition.withLastTransitionTime(current.lastTransitionTime());
        }
        List<DeploymentCondition> conditions = without(status.conditions(), condition.type());
        conditions.add(written);
        return status.withConditions(conditions);
    }

    /** deployment_util.go RemoveDeploymentCondition: the status without any condition of {@code type}. */
    public static DeploymentStatus remove(DeploymentStatus status, String type) {
        if (status.condition(type) == null) {
            return status;
        }
        return status.withConditions(without(status.conditions(), type));
    }

    /** deployment_util.go HasProgressDeadline: a deadline is set and is not MaxInt32 ("no deadline"). */
    public static boolean hasProgressDeadline(Deployment d) {
        Integer s = d.spec().progressDeadlineSeconds();
        return s != null && s != Integer.MAX_VALUE;
    }

    /**
     * deployment_util.go DeploymentComplete: every replica updated and available, none old left,
     * and the spec's generation observed.
     */
    public static boolean deploymentComplete(Deployment d, DeploymentStatus s) {
        int replicas = d.spec().replicasOrDefault();
        return s.updatedReplicas() == replicas && s.replicas() == replicas && s.availableReplicas() == replicas
                && s.observedGeneration() >= d.metadata().generationOrZero();
    }

    /**
     * deployment_util.go DeploymentProgressing: {@code next} has more updated, fewer old, more
     * ready or more available replicas than the stored status.
     */
    public static boolean deploymentProgressing(Deployment d, DeploymentStatus next) {
        DeploymentStatus old = d.statusOrEmpty();
        int oldOld = old.replicas() - old.updatedReplicas();
        int newOld = next.replicas() - next.updatedReplicas();
        return next.updatedReplicas() > old.updatedReplicas() || newOld < oldOld
                || next.readyReplicas() > old.readyReplicas() || next.availableReplicas() > old.availableReplicas();
    }

    /**
     * deployment_util.go DeploymentTimedOut: Progressing already says ProgressDeadlineExceeded, or
     * its lastUpdateTime + progressDeadlineSeconds is strictly before {@code now}; never once it
     * says NewReplicaSetAvailable.
     */
    public static boolean deploymentTimedOut(Deployment d, DeploymentStatus next, Instant now) {
        if (!hasProgressDeadline(d)) {
            return false;
        }
        DeploymentCondition c = next.condition(WellKnown.DEPLOYMENT_PROGRESSING);
        if (c == null || WellKnown.NEW_RS_AVAILABLE_REASON.equals(c.reason())) {
            return false;
        }
        if (WellKnown.TIMED_OUT_REASON.equals(c.reason())) {
            return true;
        }
        Instant from = c.lastUpdateTime() == null ? Instant.EPOCH : c.lastUpdateTime();
        return from.plusSeconds(d.spec().progressDeadlineSeconds()).isBefore(now);
    }

    private static List<DeploymentCondition> without(List<DeploymentCondition> conditions, String type) {
        List<DeploymentCondition> out = new ArrayList<>();
        for (DeploymentCondition c : conditions) {
            if (!type.equals(c.type())) {
                out.add(c);
            }
        }
        return out;
    }
}
