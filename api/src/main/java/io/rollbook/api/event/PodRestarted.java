package io.rollbook.api.event;

/** The kubelet started the pod's crashed container again after its back-off: restartCount rises by one. */
public record PodRestarted(String pod, String replicaSet, String node) implements RollbookEvent {
}
