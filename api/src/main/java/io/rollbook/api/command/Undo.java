package io.rollbook.api.command;

/**
 * {@code kubectl rollout undo [--to-revision=N]}; 0 means the previous revision. Rollbook refuses
 * a target revision whose outcome is {@code failed} unless {@code force} (absent: false).
 */
public record Undo(long toRevision, boolean force) implements CommandPayload {

    /** kubectl's undo: a failed target revision is refused. */
    public Undo(long toRevision) {
        this(toRevision, false);
    }
}
