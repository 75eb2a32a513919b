package io.rollbook.api.event;

/** A pod was created for a ReplicaSet (Pending; node empty until the kubelet places it). */
public record PodCreated(String pod, String replicaSet, String node) implements RollbookEvent {
}
