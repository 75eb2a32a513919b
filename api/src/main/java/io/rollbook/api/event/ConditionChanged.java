package io.rollbook.api.event;

/** A Deployment condition changed status or reason (also carried in the next DeploymentStatusChanged). */
public record ConditionChanged(String type, String status, String reason, String message) implements RollbookEvent {
}
