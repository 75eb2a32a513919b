package io.rollbook.api.value;

import java.util.Objects;

/**
 * A pod's interface on a secondary network (Multus): {@code net1} on {@code default/br-net} with
 * {@code 10.10.1.20}. The primary interface, {@code eth0} on the cluster network, is the pod's IP.
 *
 * @param network       the NetworkAttachmentDefinition, {@code namespace/name}
 * @param interfaceName the interface inside the pod, {@code net1}, {@code net2}, ...
 * @param ip            its address from the network's IPAM range
 */
public record NetworkInterface(String network, String interfaceName, String ip) {

    public NetworkInterface {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(ip, "ip");
    }
}
