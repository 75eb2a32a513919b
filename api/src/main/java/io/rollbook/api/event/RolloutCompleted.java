package io.rollbook.api.event;

/** The rollout of {@code revision} completed: every replica updated and available. */
public record RolloutCompleted(long revision) implements RollbookEvent {
}
