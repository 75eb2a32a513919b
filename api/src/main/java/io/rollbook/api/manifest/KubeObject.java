package io.rollbook.api.manifest;

/**
 * A Kubernetes object Rollbook reads or serves: the workloads it reconciles (Deployment,
 * ReplicaSet, Pod) and the configuration it stores as events (Namespace, and the
 * {@link NetworkingObject}s).
 */
public sealed interface KubeObject permits Deployment, ReplicaSet, Pod, Namespace, NetworkingObject {
    String apiVersion();

    String kind();

    ObjectMeta metadata();

    /** {@code namespace/name}, with the namespace defaulted to {@code default}. */
    default String key() {
        String ns = metadata().namespace() == null ? WellKnown.DEFAULT_NAMESPACE : metadata().namespace();
        return ns + "/" + metadata().name();
    }
}
