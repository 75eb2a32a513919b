package io.rollbook.api.event;

/** The pod's containers started on {@code node} (Running, not yet Ready). */
public record PodStarted(String pod, String replicaSet, String node) implements RollbookEvent {
}
