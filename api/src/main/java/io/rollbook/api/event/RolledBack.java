package io.rollbook.api.event;

/**
 * {@code rollout undo}: the template of {@code toRevision} was restored; it runs again as
 * {@code newRevision} (getNewReplicaSet: revisions are renumbered, never reused).
 */
public record RolledBack(long fromRevision, long toRevision, long newRevision) implements RollbookEvent {
}
