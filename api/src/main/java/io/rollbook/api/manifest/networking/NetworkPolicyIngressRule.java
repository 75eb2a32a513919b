package io.rollbook.api.manifest.networking;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.rollbook.api.manifest.Maps;

import java.util.List;

/**
 * One ingress rule: traffic matches when it comes from any of {@code from} (absent or empty: from
 * anywhere) AND goes to any of {@code ports} (absent or empty: every port).
 */
@JsonPropertyOrder({"ports", "from"})
public record NetworkPolicyIngressRule(List<NetworkPolicyPort> ports, List<NetworkPolicyPeer> from) {

    public NetworkPolicyIngressRule {
        ports = Maps.copy(ports);
        from = Maps.copy(from);
    }

    /** The peers, never null; empty means every source. */
    public List<NetworkPolicyPeer> peers() {
        return from == null ? List.of() : from;
    }

    /** The ports, never null; empty means every port. */
    public List<NetworkPolicyPort> portList() {
        return ports == null ? List.of() : ports;
    }

    public NetworkPolicyIngressRule withPorts(List<NetworkPolicyPort> value) {
        return new NetworkPolicyIngressRule(value, from);
    }
}
