package io.rollbook.api.event;

import io.rollbook.api.manifest.ReplicaSetStatus;

/** The ReplicaSet controller counted the pods anew. */
public record ReplicaSetStatusChanged(String replicaSet, ReplicaSetStatus status) implements RollbookEvent {
}
