package io.rollbook.api.event;

/** A ReplicaSet became the new one again after an undo and was renumbered (getNewReplicaSet). */
public record ReplicaSetRevisionChanged(String replicaSet, long from, long to) implements RollbookEvent {
}
