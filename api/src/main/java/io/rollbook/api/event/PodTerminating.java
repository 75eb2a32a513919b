package io.rollbook.api.event;

/** The pod is being deleted (deletionTimestamp set); it still runs until the kubelet reports it gone. */
public record PodTerminating(String pod, String replicaSet, String node) implements RollbookEvent {
}
