package io.rollbook.api.event;

/** {@code spec.paused} became false. */
public record RolloutResumed() implements RollbookEvent {
}
