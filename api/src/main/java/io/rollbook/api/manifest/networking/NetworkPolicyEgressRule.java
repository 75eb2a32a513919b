package io.rollbook.api.manifest.networking;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.rollbook.api.manifest.Maps;

import java.util.List;

/**
 * One egress rule: traffic matches when it goes to any of {@code to} (absent or empty: anywhere)
 * AND to any of {@code ports} (absent or empty: every port).
 */
@JsonPropertyOrder({"ports", "to"})
public record NetworkPolicyEgressRule(List<NetworkPolicyPort> ports, List<NetworkPolicyPeer> to) {

    public NetworkPolicyEgressRule {
        ports = Maps.copy(ports);
        to = Maps.copy(to);
    }

    /** The peers, never null; empty means every destination. */
    public List<NetworkPolicyPeer> peers() {
        return to == null ? List.of() : to;
    }

    /** The ports, never null; empty means every port. */
    public List<NetworkPolicyPort> portList() {
        return ports == null ? List.of() : ports;
    }

    public NetworkPolicyEgressRule withPorts(List<NetworkPolicyPort> value) {
        return new NetworkPolicyEgressRule(value, to);
    }
}
