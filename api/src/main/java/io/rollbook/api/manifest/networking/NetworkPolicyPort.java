package io.rollbook.api.manifest.networking;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.rollbook.api.value.IntOrPercent;

/**
 * One {@code ports} entry: a protocol (TCP when unset; UDP, SCTP), and a port that is a number or
 * a container port's name; with {@code endPort}, the numeric range {@code port..endPort}. No port
 * means every port of the protocol.
 */
@JsonPropertyOrder({"protocol", "port", "endPort"})
public record NetworkPolicyPort(String protocol, IntOrPercent port, Integer endPort) {

    public static final String TCP = "TCP";

    public static NetworkPolicyPort tcp(int port) {
        return new NetworkPolicyPort(TCP, IntOrPercent.ofInt(port), null);
    }

    /** The protocol, TCP when unset (the API server's default). */
    public String protocolOrDefault() {
        return protocol == null ? TCP : protocol;
    }
}
