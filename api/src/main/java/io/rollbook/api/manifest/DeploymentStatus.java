package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** {@code status} of a Deployment, as the controller writes it (calculateStatus). */
@JsonPropertyOrder({"observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas",
        "unavailableReplicas", "terminatingReplicas", "conditions", "collisionCount"})
public record DeploymentStatus(
        long observedGeneration,
        int replicas,
        int updatedReplicas,
        int readyReplicas,
        int availableReplicas,
        int unavailableReplicas,
        Integer terminatingReplicas,
        List<DeploymentCondition> conditions,
        Integer collisionCount) {

    public static final DeploymentStatus EMPTY = new DeploymentStatus(0, 0, 0, 0, 0, 0, null, null, null);

    public DeploymentStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /** The condition of that type, or null (deployment_util.go GetDeploymentCondition). */
    public DeploymentCondition condition(String type) {
        // By index: the conditions are an immutable list, and an iterator here was one allocation per look-up.
        for (int i = 0; i < conditions.size(); i++) {
            DeploymentCondition c = conditions.get(i);
            if (type.equals(c.type())) {
                return c;
            }
        }
        return null;
    }

    public DeploymentStatus withConditions(List<DeploymentCondition> value) {
        return new DeploymentStatus(observedGeneration, replicas, updatedReplicas, readyReplicas, availableReplicas,
                unavailableReplicas, terminatingReplicas, value, collisionCount);
    }

    public DeploymentStatus withObservedGeneration(long value) {
        return new DeploymentStatus(value, replicas, updatedReplicas, readyReplicas, availableReplicas,
                unavailableReplicas, terminatingReplicas, conditions, collisionCount);
    }

    public DeploymentStatus withCollisionCount(Integer value) {
        return new DeploymentStatus(observedGeneration, replicas, updatedReplicas, readyReplicas, availableReplicas,
                unavailableReplicas, terminatingReplicas, conditions, value);
    }
}
