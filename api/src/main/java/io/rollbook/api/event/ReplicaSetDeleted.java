package io.rollbook.api.event;

/** A ReplicaSet was deleted (history cleanup, or with its Deployment). */
public record ReplicaSetDeleted(String replicaSet) implements RollbookEvent {
}
