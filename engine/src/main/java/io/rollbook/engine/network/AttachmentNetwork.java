package io.rollbook.engine.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.manifest.networking.NetworkAttachmentDefinition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A secondary network as its NetworkAttachmentDefinition's CNI config describes it, for example a
 * {@code bridge} named {@code br1} with {@code host-local} IPAM on 10.10.0.0/16 handing out
 * 10.10.1.20 to 10.10.3.50. Like host-local, the addresses are allocated per node: two pods on
 * different nodes can get the same address (whereabouts exists to avoid that).
 *
 * @param name       the definition, {@code namespace/name}
 * @param cniType    {@code bridge}, {@code macvlan}, ...
 * @param bridge     the bridge's name for type bridge ({@code cni0} when unset), else null
 * @param subnet     the IPAM subnet
 * @param rangeStart first address handed out (host-local's default: the subnet's .2)
 * @param rangeEnd   last address handed out (default: the last before broadcast)
 * @param gateway    the gateway (default: the subnet's .1), never handed out
 * @param routes     the IPAM routes' destinations, e.g. {@code 0.0.0.0/0}
 */
public record AttachmentNetwork(String name, String cniType, String bridge, Cidr subnet, long rangeStart,
                                long rangeEnd, long gateway, List<String> routes) {

    public AttachmentNetwork {
        routes = List.copyOf(routes);
    }

    /**
     * Reads the definition's {@code spec.config}.
     *
     * @throws IllegalArgumentException when the config is not JSON or has no host-local style subnet
     */
    public static AttachmentNetwork of(NetworkAttachmentDefinition nad) {
        String ns = nad.metadata().namespace() == null ? WellKnown.DEFAULT_NAMESPACE : nad.metadata().namespace();
        return parse(ns + "/" + nad.metadata().name(), nad.spec().config());
    }

    /** Reads a CNI config JSON; see {@link #of}. */
    public static AttachmentNetwork parse(String name, String config) {
        JsonNode root = json(config);
        JsonNode ipam = root.path("ipam");
        JsonNode range = ipam;
        if (!ipam.hasNonNull("subnet") && ipam.path("ranges").path(0).path(0).hasNonNull("subnet")) {
            range = ipam.path("ranges").path(0).path(0); // host-local's "ranges": [[{"subnet": ...}]]
        }
        if (!range.hasNonNull("subnet")) {
            throw new IllegalArgumentException("the config of " + name + " has no ipam.subnet");
        }
        Cidr subnet = Cidr.parse(range.get("subnet").asText());
        long start = range.hasNonNull("rangeStart") ? Ipv4.parse(range.get("rangeStart").asText()) : subnet.host(2);
        long end = range.hasNonNull("rangeEnd") ? Ipv4.parse(range.get("rangeEnd").asText()) : subnet.last() - 1;
        long gateway = range.hasNonNull("gateway") ? Ipv4.parse(range.get("gateway").asText()) : subnet.host(1);
        if (!subnet.contains(start) || !subnet.contains(end) || start > end) {
            throw new IllegalArgumentException("the range " + Ipv4.format(start) + "-" + Ipv4.format(end) + " of "
                    + name + " is not inside " + subnet);
        }
        List<String> routes = new ArrayList<>();
        ipam.path("routes").forEach(r -> routes.add(r.path("dst").asText()));
        String type = root.path("type").asText(null);
        String bridge = "bridge".equals(type) ? root.path("bridge").asText(PodNetwork.BRIDGE) : null;
        return new AttachmentNetwork(name, type, bridge, subnet, start, end, gateway, routes);
    }

    /** The lowest address of the range that is neither the gateway nor taken, or null when it is full. */
    public String allocate(Set<Long> taken) {
        for (long a = rangeStart; a <= rangeEnd; a++) {
            if (a != gateway && !taken.contains(a)) {
                return Ipv4.format(a);
            }
        }
        return null;
    }

    private static JsonNode json(String config) {
        if (config == null || config.isBlank()) {
            throw new IllegalArgumentException("spec.config is empty");
        }
        try {
            JsonNode root = Codec.json().readTree(config);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("spec.config must be a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new IllegalArgumentException("spec.config is not JSON: " + e.getMessage(), e);
        }
    }
}
