package io.rollbook.api.event;

/** The pod failed (phase Failed) for {@code reason}; its ReplicaSet replaces it. */
public record PodFailed(String pod, String replicaSet, String node, String reason) implements RollbookEvent {
}
