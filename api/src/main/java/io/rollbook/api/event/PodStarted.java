package io.rollbook.api.event;

import io.rollbook.api.manifest.Maps;
import io.rollbook.api.value.NetworkInterface;

import java.util.List;

/**
 * The pod's containers started on {@code node} (Running, not yet Ready).
 *
 * @param ip       the pod's address on the cluster network, from its node's subnet; null in logs
 *                 written before pods had addresses
 * @param networks its interfaces on secondary networks (Multus), or null
 */
public record PodStarted(String pod, String replicaSet, String node, String ip, List<NetworkInterface> networks)
        implements RollbookEvent {

    public PodStarted {
        networks = Maps.copy(networks);
    }

    /** A start without addresses, as logged before pods had them. */
    public PodStarted(String pod, String replicaSet, String node) {
        this(pod, replicaSet, node, null, null);
    }
}
