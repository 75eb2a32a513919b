package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A {@code v1 Pod}: what the controller reads of it (labels, owner, phase, readiness). */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record Pod(String apiVersion, String kind, ObjectMeta metadata, PodSpec spec, PodStatus status)
        implements KubeObject {

    public static final String API_VERSION = "v1";
    public static final String KIND = "Pod";

    public Pod {
        metadata = metadata == null ? ObjectMeta.named(null, null) : metadata;
    }

    public String phase() {
        return status == null ? null : status.phase();
    }
}
