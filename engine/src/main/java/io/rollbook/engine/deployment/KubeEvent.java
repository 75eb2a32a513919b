package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.WellKnown;
/** A Kubernetes event the controller would record on the Deployment, e.g. Normal ScalingReplicaSet. */
public record KubeEvent(String type, String reason, String message) {

    public static KubeEvent normal(String reason, String message) {
        return new KubeEvent(WellKnown.EVENT_NORMAL, reason, message);
    }

    public static KubeEvent warning(String reason, String message) {
        return new KubeEvent(WellKnown.EVENT_WARNING, reason, message);
    }
}
