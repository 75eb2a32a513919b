package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;

/** A Pod condition, for example {@code Ready}. */
@JsonPropertyOrder({"type", "status", "lastProbeTime", "lastTransitionTime", "reason", "message"})
public record PodCondition(String type, String status, Instant lastProbeTime, Instant lastTransitionTime,
                           String reason, String message) {
}
