package io.rollbook.api.event;

import io.rollbook.api.manifest.ReplicaSet;

/** A bare ReplicaSet was applied (created, configured or scaled); the whole object, status omitted. */
public record ReplicaSetApplied(ReplicaSet replicaSet, String verb) implements RollbookEvent {
}
