package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;

/** A Deployment condition: Available, Progressing or ReplicaFailure. */
@JsonPropertyOrder({"type", "status", "lastUpdateTime", "lastTransitionTime", "reason", "message"})
public record DeploymentCondition(String type, String status, Instant lastUpdateTime, Instant lastTransitionTime,
                                  String reason, String message) {

    public DeploymentCondition withLastTransitionTime(Instant value) {
        return new DeploymentCondition(type, status, lastUpdateTime, value, reason, message);
    }
}
