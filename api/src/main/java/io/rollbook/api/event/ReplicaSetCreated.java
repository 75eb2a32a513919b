package io.rollbook.api.event;

import io.rollbook.api.manifest.ReplicaSet;

/** The Deployment controller created a ReplicaSet (name, template, selector, replicas, annotations, owner). */
public record ReplicaSetCreated(ReplicaSet replicaSet, long revision) implements RollbookEvent {
}
