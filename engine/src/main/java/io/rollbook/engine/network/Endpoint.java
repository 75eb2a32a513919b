package io.rollbook.engine.network;

import io.rollbook.api.manifest.WellKnown;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One end of a connection: a pod (namespace, name, labels, address, node and named container
 * ports) or a bare address, inside the cluster or outside it.
 *
 * @param namespace  the pod's namespace; null for an address
 * @param pod        the pod's name; null for an address
 * @param labels     the pod's labels
 * @param ip         the address; null for a pod that has none yet
 * @param node       the node the pod runs on, or whose subnet holds the address; null outside the cluster
 * @param namedPorts the pod's container ports by name ({@code http -> 8080}), for named policy ports
 */
public record Endpoint(String namespace, String pod, Map<String, String> labels, String ip, String node,
                       Map<String, Integer> namedPorts) {

    public Endpoint {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels)); // sorted: stable JSON
        namedPorts = namedPorts == null ? Map.of() : Map.copyOf(namedPorts);
    }

    public static Endpoint pod(String namespace, String name, Map<String, String> labels, String ip, String node,
                               Map<String, Integer> namedPorts) {
        return new Endpoint(Objects.requireNonNull(namespace, "namespace"), Objects.requireNonNull(name, "name"),
                labels, ip, node, namedPorts);
    }

    public static Endpoint address(String ip, String node) {
        return new Endpoint(null, null, null, Objects.requireNonNull(ip, "ip"), node, null);
    }

    public boolean isPod() {
        return pod != null;
    }

    /** {@code pod/name} (kubectl's form; the namespace when it is not default), or the address. */
    public String display() {
        if (!isPod()) {
            return ip;
        }
        return WellKnown.DEFAULT_NAMESPACE.equals(namespace) ? "pod/" + pod : namespace + "/pod/" + pod;
    }
}
