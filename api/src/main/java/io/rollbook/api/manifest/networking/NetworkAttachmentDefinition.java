package io.rollbook.api.manifest.networking;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.rollbook.api.manifest.NetworkingObject;
import io.rollbook.api.manifest.ObjectMeta;

/**
 * Multus' {@code k8s.cni.cncf.io/v1 NetworkAttachmentDefinition}: a secondary network for pods that
 * name it in their {@code k8s.v1.cni.cncf.io/networks} annotation. {@code spec.config} is the CNI
 * configuration as a JSON string (for example a {@code bridge} with {@code host-local} IPAM); it is
 * stored as written and read by the engine's pod network.
 */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record NetworkAttachmentDefinition(String apiVersion, String kind, ObjectMeta metadata, Spec spec)
        implements NetworkingObject {

    public static final String API_VERSION = "k8s.cni.cncf.io/v1";
    public static final String KIND = "NetworkAttachmentDefinition";

    /** {@code spec}: the CNI config JSON. */
    public record Spec(String config) {
    }

    public NetworkAttachmentDefinition {
        metadata = metadata == null ? ObjectMeta.named(null, null) : metadata;
        spec = spec == null ? new Spec(null) : spec;
    }

    public static NetworkAttachmentDefinition of(ObjectMeta metadata, String config) {
        return new NetworkAttachmentDefinition(API_VERSION, KIND, metadata, new Spec(config));
    }

    public NetworkAttachmentDefinition withMetadata(ObjectMeta value) {
        return new NetworkAttachmentDefinition(apiVersion, kind, value, spec);
    }
}
