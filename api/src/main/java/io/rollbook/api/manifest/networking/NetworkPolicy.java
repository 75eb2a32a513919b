package io.rollbook.api.manifest.networking;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.rollbook.api.manifest.NetworkingObject;
import io.rollbook.api.manifest.ObjectMeta;

/**
 * A {@code networking.k8s.io/v1 NetworkPolicy}: which pods of its namespace it selects, and which
 * traffic to (ingress) and from (egress) them it allows. Unset fields are null, as in the API's
 * optional pointers: an absent list and an empty one mean the same, an absent selector and an empty
 * one ({@code {}}, "every pod") do not.
 */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record NetworkPolicy(String apiVersion, String kind, ObjectMeta metadata, NetworkPolicySpec spec)
        implements NetworkingObject {

    public static final String API_VERSION = "networking.k8s.io/v1";
    public static final String KIND = "NetworkPolicy";

    public NetworkPolicy {
        metadata = metadata == null ? ObjectMeta.named(null, null) : metadata;
        spec = spec == null ? new NetworkPolicySpec(null, null, null, null) : spec;
    }

    public static NetworkPolicy of(ObjectMeta metadata, NetworkPolicySpec spec) {
        return new NetworkPolicy(API_VERSION, KIND, metadata, spec);
    }

    public NetworkPolicy withMetadata(ObjectMeta value) {
        return new NetworkPolicy(apiVersion, kind, value, spec);
    }

    public NetworkPolicy withSpec(NetworkPolicySpec value) {
        return new NetworkPolicy(apiVersion, kind, metadata, value);
    }
}
