package io.rollbook.api.command;

/** {@code kubectl rollout undo [--to-revision=N]}; 0 means the previous revision. */
public record Undo(long toRevision) implements CommandPayload {
}
