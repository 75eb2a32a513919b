package io.rollbook.engine.network;

import io.rollbook.api.manifest.WellKnown;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One end of a connection: a pod (namespace, name, labels, address, node and named container
 * ports), one of a node's own addresses (its {@code cni0} bridge or its {@code eth0}), or a bare
 * address, inside the cluster or outside it.
 *
 * @param namespace  the pod's namespace; null for an address
 * @param pod        the pod's name; null for an address
 * @param labels     the pod's labels
 * @param ip         the address; null for a pod that has none yet
 * @param node       the node the pod runs on, or whose subnet holds the address; null outside the cluster
 * @param namedPorts the pod's container ports by name ({@code http -> 8080}), for named policy ports
 * @param nodeInterface for one of {@code node}'s own addresses, the interface that holds it
 *                      ({@code cni0} or {@code eth0}); null for a pod or any other address
 */
public record Endpoint(String namespace, String pod, Map<String, String> labels, String ip, String node,
                       Map<String, Integer> namedPorts, String nodeInterface) {

    public Endpoint {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels)); // sorted: stable JSON
        namedPorts = namedPorts == null ? Map.of() : Map.copyOf(namedPorts);
    }

    public static Endpoint pod(String namespace, String name, Map<String, String> labels, String ip, String node,
                               Map<String, Integer> namedPorts) {
        return new Endpoint(Objects.requireNonNull(namespace, "namespace"), Objects.requireNonNull(name, "name"),
                labels, ip, node, namedPorts, null);
    }

    /** An address that is no pod's: in {@code node}'s pod subnet, or outside the cluster when node is null. */
    public static Endpoint address(String ip, String node) {
        return new Endpoint(null, null, null, Objects.requireNonNull(ip, "ip"), node, null, null);
    }

    /** {@code node}'s own address on {@code nodeInterface} ({@code cni0}'s gateway, or {@code eth0}). */
    public static Endpoint nodeAddress(String ip, String node, String nodeInterface) {
        return new Endpoint(null, null, null, Objects.requireNonNull(ip, "ip"), Objects.requireNonNull(node, "node"),
                null, Objects.requireNonNull(nodeInterface, "nodeInterface"));
    }

    public boolean isPod() {
        return pod != null;
    }

    /** One of a node's own addresses: traffic from it is the node's (the kubelet's probes, host processes). */
    public boolean isNode() {
        return nodeInterface != null;
    }

    /** Whether both ends are the same pod. */
    public boolean samePod(Endpoint other) {
        return isPod() && other.isPod() && namespace.equals(other.namespace) && pod.equals(other.pod);
    }

    /** {@code pod/name} (kubectl's form; the namespace when it is not default), {@code node-1's eth0}, or the address. */
    public String display() {
        if (isNode()) {
            return node + "'s " + nodeInterface;
        }
        if (!isPod()) {
            return ip;
        }
        return WellKnown.DEFAULT_NAMESPACE.equals(namespace) ? "pod/" + pod : namespace + "/pod/" + pod;
    }
}
