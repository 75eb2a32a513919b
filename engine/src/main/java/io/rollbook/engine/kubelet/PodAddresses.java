package io.rollbook.engine.kubelet;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.ObjectApplied;
import io.rollbook.api.event.ObjectDeleted;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.manifest.networking.NetworkAttachmentDefinition;
import io.rollbook.api.value.NetworkInterface;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.network.AttachmentNetwork;
import io.rollbook.engine.network.Ipv4;
import io.rollbook.engine.network.NetworkSelection;
import io.rollbook.engine.network.PodNetwork;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kubelet stand-in's IPAM, folded from the log like the rest of its mind: each pod gets the
 * lowest free address of its node's subnet, and, when its template's
 * {@code k8s.v1.cni.cncf.io/networks} annotation names NetworkAttachmentDefinitions, one more
 * interface per definition ({@code net1}, {@code net2}, ...) with the lowest free address of that
 * definition's host-local range on that node. A name the kubelet does not know (yet) gets no
 * interface. Addresses come free when the pod is deleted. When the log says which address a pod
 * got ({@code PodStarted.ip}), that is the truth, so a restarted kubelet agrees with the log.
 * Not thread-safe.
 */
final class PodAddresses {

    /** The addresses of one pod. */
    record Addresses(String node, String ip, List<NetworkInterface> networks) {
    }

    private final PodNetwork network;
    private final Map<String, AttachmentNetwork> definitions = new HashMap<>(); // ns/name -> network
    private final Map<String, Set<Long>> taken = new HashMap<>(); // node, or node|definition -> addresses
    private final Map<String, Addresses> pods = new HashMap<>(); // by the kubelet's pod key

    PodAddresses(PodNetwork network) {
        this.network = network;
    }

    /** Learns NetworkAttachmentDefinitions from their ObjectApplied and ObjectDeleted events. */
    void definition(EventEnvelope e) {
        ObjectRef ref = ObjectRef.ofAggregate(e.aggregate());
        if (!ObjectRef.NETWORK_ATTACHMENT_DEFINITION.equals(ref.kind())) {
            return;
        }
        String key = ref.namespace() + "/" + ref.name();
        if (e.data() instanceof ObjectApplied a && a.manifest() instanceof NetworkAttachmentDefinition nad) {
            try {
                definitions.put(key, AttachmentNetwork.of(nad));
            } catch (IllegalArgumentException ex) {
                definitions.remove(key); // the engine validated it; a config we cannot read gives no interface
            }
        } else if (e.data() instanceof ObjectDeleted) {
            definitions.remove(key);
        }
    }

    /**
     * Gives a pod placed on {@code node} its addresses, with an interface for each network its
     * {@code template} (its ReplicaSet's when it was created, or null) asks for.
     */
    Addresses assign(String podKey, String aggregate, PodTemplateSpec template, String node) {
        Set<Long> onNode = taken.computeIfAbsent(node, n -> new HashSet<>());
        String ip = network.allocate(node, onNode);
        if (ip == null) {
            return new Addresses(node, null, null); // subnet full: the pod would stay ContainerCreating
        }
        onNode.add(Ipv4.parse(ip));
        List<NetworkInterface> interfaces = new ArrayList<>();
        String namespace = ObjectRef.ofAggregate(aggregate).namespace();
        String annotation = template == null ? null
                : template.metadata().annotation(WellKnown.NETWORKS_ANNOTATION);
        List<NetworkSelection> selections;
        try {
            selections = NetworkSelection.parse(annotation, namespace);
        } catch (IllegalArgumentException e) {
            selections = List.of(); // Multus would refuse the pod; here it simply gets no extra interface
        }
        for (NetworkSelection s : selections) {
            AttachmentNetwork def = definitions.get(s.key());
            Set<Long> inRange = taken.computeIfAbsent(node + "|" + s.key(), k -> new HashSet<>());
            String address = def == null ? null : def.allocate(inRange);
            if (address != null) {
                inRange.add(Ipv4.parse(address));
                String name = s.interfaceName() != null ? s.interfaceName() : "net" + (interfaces.size() + 1);
                interfaces.add(new NetworkInterface(s.key(), name, address));
            }
        }
        Addresses a = new Addresses(node, ip, interfaces.isEmpty() ? null : List.copyOf(interfaces));
        pods.put(podKey, a);
        return a;
    }

    /** The addresses the kubelet gave the pod, or null. */
    Addresses of(String podKey) {
        return pods.get(podKey);
    }

    /** The log says the pod started with these addresses: take them, giving back any others it held. */
    void claim(String podKey, String node, String ip, List<NetworkInterface> networks) {
        Addresses held = pods.get(podKey);
        if (held != null && held.equals(new Addresses(node, ip, networks))) {
            return;
        }
        release(podKey);
        taken.computeIfAbsent(node, n -> new HashSet<>()).add(Ipv4.parse(ip));
        for (NetworkInterface i : networks == null ? List.<NetworkInterface>of() : networks) {
            taken.computeIfAbsent(node + "|" + i.network(), k -> new HashSet<>()).add(Ipv4.parse(i.ip()));
        }
        pods.put(podKey, new Addresses(node, ip, networks));
    }

    /** The pod is gone: its addresses are free again. */
    void release(String podKey) {
        Addresses a = pods.remove(podKey);
        if (a == null || a.ip() == null) {
            return;
        }
        taken.getOrDefault(a.node(), new HashSet<>()).remove(Ipv4.parse(a.ip()));
        for (NetworkInterface i : a.networks() == null ? List.<NetworkInterface>of() : a.networks()) {
            taken.getOrDefault(a.node() + "|" + i.network(), new HashSet<>()).remove(Ipv4.parse(i.ip()));
        }
    }
}
