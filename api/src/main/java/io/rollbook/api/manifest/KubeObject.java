package io.rollbook.api.manifest;

/** A Kubernetes object Rollbook reads or serves. */
public sealed interface KubeObject permits Deployment, ReplicaSet, Pod {
    String apiVersion();

    String kind();

    ObjectMeta metadata();

    /** {@code namespace/name}, with the namespace defaulted to {@code default}. */
    default String key() {
        String ns = metadata().namespace() == null ? "default" : metadata().namespace();
        return ns + "/" + metadata().name();
    }
}
