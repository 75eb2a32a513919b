package io.rollbook.api.event;

/**
 * The pod's container exited and the kubelet waits out its back-off before starting it again: the
 * container is waiting for {@code reason} (CrashLoopBackOff), the pod stays Running but not ready,
 * and its ReplicaSet keeps it (restartPolicy Always: a kubelet restarts in place).
 */
public record PodCrashed(String pod, String replicaSet, String node, String reason) implements RollbookEvent {
}
