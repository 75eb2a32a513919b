package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;

/** A ReplicaSet condition; the only type upstream sets is {@code ReplicaFailure}. */
@JsonPropertyOrder({"type", "status", "lastTransitionTime", "reason", "message"})
public record ReplicaSetCondition(String type, String status, Instant lastTransitionTime, String reason,
                                  String message) {
}
