package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** An {@code apps/v1 ReplicaSet}. */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record ReplicaSet(String apiVersion, String kind, ObjectMeta metadata, ReplicaSetSpec spec,
                         ReplicaSetStatus status) implements KubeObject {

    public static final String API_VERSION = "apps/v1";
    public static final String KIND = "ReplicaSet";

    public ReplicaSet {
        metadata = metadata == null ? ObjectMeta.named(null, null) : metadata;
        spec = spec == null ? new ReplicaSetSpec(null, null, null, null) : spec;
    }

    public static ReplicaSet of(ObjectMeta metadata, ReplicaSetSpec spec) {
        return new ReplicaSet(API_VERSION, KIND, metadata, spec, null);
    }

    public ReplicaSetStatus statusOrEmpty() {
        return status == null ? ReplicaSetStatus.EMPTY : status;
    }

    /** {@code spec.replicas}, defaulted to 1 as the API server does. */
    public int specReplicas() {
        return spec.replicas() == null ? 1 : spec.replicas();
    }

    public String name() {
        return metadata.name();
    }

    public ReplicaSet withMetadata(ObjectMeta value) {
        return new ReplicaSet(apiVersion, kind, value, spec, status);
    }

    public ReplicaSet withSpec(ReplicaSetSpec value) {
        return new ReplicaSet(apiVersion, kind, metadata, value, status);
    }

    public ReplicaSet withStatus(ReplicaSetStatus value) {
        return new ReplicaSet(apiVersion, kind, metadata, spec, value);
    }
}
