package io.rollbook.api.event;

/** The pod became Ready. */
public record PodReady(String pod, String replicaSet, String node) implements RollbookEvent {
}
