package io.rollbook.api.event;

/** A Kubernetes event the controller recorded, e.g. Normal ScalingReplicaSet "Scaled up replica set x to 3". */
public record KubeEventRecorded(String type, String reason, String message) implements RollbookEvent {
}
