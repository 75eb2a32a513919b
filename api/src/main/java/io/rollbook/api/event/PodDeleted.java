package io.rollbook.api.event;

/** The pod is gone. */
public record PodDeleted(String pod, String replicaSet, String node) implements RollbookEvent {
}
