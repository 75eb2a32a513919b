package io.rollbook.api.event;

/** The Deployment was deleted; its ReplicaSets and pods were deleted by the events before this one. */
public record DeploymentDeleted(String name) implements RollbookEvent {
}
