package io.rollbook.api.event;

/** A ReplicaSet became the new one again after an undo and was renumbered (A10.3). */
public record ReplicaSetRevisionChanged(String replicaSet, long from, long to) implements RollbookEvent {
}
