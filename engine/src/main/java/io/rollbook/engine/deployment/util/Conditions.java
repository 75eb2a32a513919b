package io.rollbook.engine.deployment.util;

import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Deployment conditions and the generic condition rule (A13.5). */
public final class Conditions {

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    // Reasons (upstream deployment_util.go)
    public static final String NEW_RS_REASON = "NewReplicaSetCreated";
    public static final String FOUND_NEW_RS_REASON = "FoundNewReplicaSet";
    public static final String NEW_RS_AVAILABLE_REASON = "NewReplicaSetAvailable";
    public static final String RS_UPDATED_REASON = "ReplicaSetUpdated";
    public static final String TIMED_OUT_REASON = "ProgressDeadlineExceeded";
    public static final String PAUSED_REASON = "DeploymentPaused";
    public static final String RESUMED_REASON = "DeploymentResumed";
    public static final String FAILED_RS_CREATE_REASON = "ReplicaSetCreateError";
    public static final String MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
    public static final String MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";

    private Conditions() {
    }

    /** A condition stamped {@code now} for both times. */
    public static DeploymentCondition of(String type, String status, String reason, String message, Instant now) {
        return new DeploymentCondition(type, status, now, now, reason, message);
    }

    /**
     * Go's SetDeploymentCondition: same type, status and reason changes nothing; same status keeps
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

    /** The status without any condition of {@code type}. */
    public static DeploymentStatus remove(DeploymentStatus status, String type) {
        if (status.condition(type) == null) {
            return status;
        }
        return status.withConditions(without(status.conditions(), type));
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
