package io.rollbook.projections.objects;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.codec.Instants;
import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.ContainerStatus;
import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.OwnerReference;
import io.rollbook.api.manifest.Pod;
import io.rollbook.api.manifest.PodCondition;
import io.rollbook.api.manifest.PodSpec;
import io.rollbook.api.manifest.PodStatus;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.networking.NetworkAttachmentDefinition;
import io.rollbook.api.state.PodState;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.NetworkInterface;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod as the log tells it, for printing: owner, node, phase, readiness and times, with the
 * containers and labels of its ReplicaSet's template at the moment it was created. Made from the
 * one fold's {@link PodState} ({@link #of}); never folded here.
 *
 * @param phase             Pending (created, not started), Running, or Failed
 * @param reason            why it failed (e.g. CrashLoopBackOff), null otherwise
 * @param deletionTimestamp when it began terminating, null while it is not
 * @param ip                its address on the cluster network once started, else null
 * @param networks          its interfaces on secondary networks (Multus), or null
 * @param waiting           why its container waits to be restarted (CrashLoopBackOff), null while it runs
 */
public record PodView(String name, String namespace, String replicaSet, String ownerUid, String node, String phase,
                      boolean ready, int restarts, Instant createdAt, Instant startedAt, Instant readySince,
                      Instant deletionTimestamp, String reason, Map<String, String> labels,
                      List<Container> containers, String ip, List<NetworkInterface> networks, String waiting) {

    public PodView {
        labels = labels == null || labels.isEmpty() ? Map.of() : Maps.copy(labels); // keeps the template's order
        containers = containers == null ? List.of() : List.copyOf(containers);
        networks = networks == null || networks.isEmpty() ? null : List.copyOf(networks);
    }

    /** The pod as the one fold ({@link PodState}) holds it, in {@code namespace}. */
    public static PodView of(PodState p, String namespace) {
        PodTemplateSpec template = p.template();
        return new PodView(p.name(), namespace, p.replicaSet(), p.ownerUid(), p.node(), p.phase(), p.ready(), p.restartCount(),
                p.createdAt(), p.startedAt(), p.readySince(), p.deletionTimestamp(), p.reason(),
                template == null ? null : template.metadata().labels(),
                template == null ? null : template.spec().containers(), p.ip(), p.networks(), p.waiting());
    }

    public boolean started() {
        return !WellKnown.POD_PENDING.equals(phase);
    }

    public boolean terminating() {
        return deletionTimestamp != null;
    }

    public List<String> images() {
        return containers.stream().map(Container::image).toList();
    }

    /** The {@code v1 Pod} kubectl would show for {@code get pod -o yaml}. */
    public Pod toPod() {
        ObjectMeta meta = ObjectMeta.named(namespace, name)
                .withCreationTimestamp(createdAt)
                .withDeletionTimestamp(deletionTimestamp)
                .withLabels(labels)
                .withAnnotations(networkStatus())
                .withOwnerReferences(replicaSet == null ? null : List.of(
                        new OwnerReference("apps/v1", "ReplicaSet", replicaSet, ownerUid, true, true)));
        PodSpec spec = new PodSpec(null, containers, node == null ? Map.of() : Map.of("nodeName", node));
        PodCondition readyCondition = new PodCondition(WellKnown.POD_READY, ready ? WellKnown.CONDITION_TRUE
                : WellKnown.CONDITION_FALSE, null,
                ready ? readySince : null, null, null);
        PodStatus status = new PodStatus(phase, List.of(readyCondition), null, ip, startedAt, containerStatuses());
        return new Pod(Pod.API_VERSION, Pod.KIND, meta, spec, status);
    }

    /**
     * Each container's status once the pod started: restartCount and, while a crashed container
     * waits out its back-off, state waiting with the reason (else running since the pod started).
     */
    private List<ContainerStatus> containerStatuses() {
        if (!started() || WellKnown.POD_FAILED.equals(phase)) {
            return null;
        }
        Map<String, Map<String, Object>> state = waiting != null ? Map.of("waiting", Map.of("reason", waiting))
                : Map.of("running", startedAt == null ? Map.of() : Map.of("startedAt", Instants.format(startedAt)));
        return containers.stream().map(c -> new ContainerStatus(c.name(), c.image(), ready, restarts, waiting == null,
                state)).toList();
    }

    /** Multus' {@code k8s.v1.cni.cncf.io/network-status} annotation: eth0 on the cluster network, then each netN. */
    private Map<String, String> networkStatus() {
        if (networks == null || ip == null) {
            return null;
        }
        List<Map<String, Object>> status = new ArrayList<>();
        status.add(entry("cbr0", "eth0", ip));
        status.get(0).put("default", true);
        networks.forEach(n -> status.add(entry(n.network(), n.interfaceName(), n.ip())));
        return Map.of(WellKnown.NETWORK_STATUS_ANNOTATION, Codec.toJson(status));
    }

    private static Map<String, Object> entry(String network, String iface, String address) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", network);
        entry.put("interface", iface);
        entry.put("ips", List.of(address));
        return entry;
    }
}
