package io.rollbook.engine.deployment;

/** A Kubernetes event the controller would record on the Deployment, e.g. Normal ScalingReplicaSet. */
public record KubeEvent(String type, String reason, String message) {

    public static KubeEvent normal(String reason, String message) {
        return new KubeEvent("Normal", reason, message);
    }

    public static KubeEvent warning(String reason, String message) {
        return new KubeEvent("Warning", reason, message);
    }
}
