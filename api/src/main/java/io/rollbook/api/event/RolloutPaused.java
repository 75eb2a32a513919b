package io.rollbook.api.event;

/** {@code spec.paused} became true (the DeploymentApplied before it carries the spec). */
public record RolloutPaused() implements RollbookEvent {
}
