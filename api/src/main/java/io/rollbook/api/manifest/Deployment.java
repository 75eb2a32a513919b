package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** An {@code apps/v1 Deployment}. Unset fields are null, as in the API's optional pointers. */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record Deployment(String apiVersion, String kind, ObjectMeta metadata, DeploymentSpec spec,
                         DeploymentStatus status) implements KubeObject {

    public static final String API_VERSION = "apps/v1";
    public static final String KIND = "Deployment";

    public Deployment {
        metadata = metadata == null ? ObjectMeta.named(null, null) : metadata;
        spec = spec == null ? DeploymentSpec.EMPTY : spec;
    }

    public static Deployment of(ObjectMeta metadata, DeploymentSpec spec) {
        return new Deployment(API_VERSION, KIND, metadata, spec, null);
    }

    public DeploymentStatus statusOrEmpty() {
        return status == null ? DeploymentStatus.EMPTY : status;
    }

    public Deployment withMetadata(ObjectMeta value) {
        return new Deployment(apiVersion, kind, value, spec, status);
    }

    public Deployment withSpec(DeploymentSpec value) {
        return new Deployment(apiVersion, kind, metadata, value, status);
    }

    public Deployment withStatus(DeploymentStatus value) {
        return new Deployment(apiVersion, kind, metadata, spec, value);
    }
}
