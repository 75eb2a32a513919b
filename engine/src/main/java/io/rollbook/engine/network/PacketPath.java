package io.rollbook.engine.network;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The way a packet goes between two endpoints on a {@link PodNetwork}: on one node from veth to
 * bridge to veth; between nodes from the bridge through the node's eth0 along the route the CNI
 * installed for the other node's subnet; out of the cluster through the node's eth0 with SNAT to
 * the node's address.
 *
 * @param kind  {@code same-node}, {@code cross-node}, {@code to-outside}, {@code from-outside} or
 *              {@code outside} (neither end is in the cluster)
 * @param hops  each step, in order
 */
public record PacketPath(String kind, List<String> hops) {

    public static final String SAME_NODE = "same-node";
    public static final String CROSS_NODE = "cross-node";
    public static final String TO_OUTSIDE = "to-outside";
    public static final String FROM_OUTSIDE = "from-outside";
    public static final String OUTSIDE = "outside";

    public PacketPath {
        hops = List.copyOf(hops);
    }

    /** The path from {@code from} to {@code to}. */
    public static PacketPath of(PodNetwork net, Endpoint from, Endpoint to) {
        List<String> hops = new ArrayList<>();
        if (from.node() != null && to.node() != null && from.node().equals(to.node())) {
            hops.add(leave(from));
            hops.add(from.node() + " bridge " + PodNetwork.BRIDGE + " (" + net.nodeSubnet(from.node())
                    + "): " + to.ip() + " is on the same bridge, switched at layer 2 to " + veth(to));
            hops.add(enter(to));
            return new PacketPath(SAME_NODE, hops);
        }
        if (from.node() != null && to.node() != null) {
            hops.add(leave(from));
            hops.add(from.node() + " bridge " + PodNetwork.BRIDGE + ", the pod's gateway " + net.gateway(from.node())
                    + ": " + to.ip() + " is not on this bridge, so " + from.node() + " routes it");
            hops.add(from.node() + " route " + net.nodeSubnet(to.node()) + " via " + net.nodeIp(to.node()) + " dev "
                    + PodNetwork.NODE_INTERFACE + " (the CNI route to " + to.node() + "'s pod subnet)");
            hops.add(from.node() + " " + PodNetwork.NODE_INTERFACE + " " + net.nodeIp(from.node()) + " -> "
                    + to.node() + " " + PodNetwork.NODE_INTERFACE + " " + net.nodeIp(to.node())
                    + " (pod addresses unchanged: no NAT between pods)");
            hops.add(arrive(net, to));
            hops.add(enter(to));
            return new PacketPath(CROSS_NODE, hops);
        }
        if (from.node() != null) {
            hops.add(leave(from));
            hops.add(from.node() + " bridge " + PodNetwork.BRIDGE + ", the pod's gateway " + net.gateway(from.node())
                    + ": " + to.ip() + " is outside the cluster network " + net.clusterCidr());
            hops.add(from.node() + " default route via " + PodNetwork.NODE_INTERFACE + ", SNAT (masquerade): source "
                    + from.ip() + " -> " + net.nodeIp(from.node()));
            hops.add(from.node() + " " + PodNetwork.NODE_INTERFACE + " " + net.nodeIp(from.node()) + " -> " + to.ip()
                    + " (replies return to " + net.nodeIp(from.node()) + " and are translated back to " + from.ip()
                    + ")");
            return new PacketPath(TO_OUTSIDE, hops);
        }
        if (to.node() != null) {
            hops.add(from.ip() + " -> " + to.node() + " " + PodNetwork.NODE_INTERFACE + " " + net.nodeIp(to.node())
                    + " (the sender's network must route " + net.nodeSubnet(to.node()) + " via "
                    + net.nodeIp(to.node()) + ")");
            hops.add(arrive(net, to));
            hops.add(enter(to));
            return new PacketPath(FROM_OUTSIDE, hops);
        }
        hops.add(from.ip() + " -> " + to.ip() + ": neither end is on the cluster network " + net.clusterCidr());
        return new PacketPath(OUTSIDE, hops);
    }

    /**
     * The host side of the pod's veth pair: {@code veth} and 8 hex digits of a hash of the pod's
     * namespace and name, as the bridge plugin names it from the container id (stable here).
     */
    public static String veth(Endpoint pod) {
        if (!pod.isPod()) {
            return "veth?";
        }
        int hash = 0x811c9dc5;
        for (byte b : (pod.namespace() + "/" + pod.pod()).getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x01000193;
        }
        return "veth" + String.format("%08x", hash);
    }

    private static String leave(Endpoint from) {
        return name(from) + " eth0 " + from.ip() + " -> " + veth(from) + " on " + from.node();
    }

    private static String arrive(PodNetwork net, Endpoint to) {
        return to.node() + " route " + net.nodeSubnet(to.node()) + " dev " + PodNetwork.BRIDGE + " -> bridge "
                + PodNetwork.BRIDGE + " (" + net.gateway(to.node()) + ")";
    }

    private static String enter(Endpoint to) {
        return veth(to) + " on " + to.node() + " -> " + name(to) + " eth0 " + to.ip();
    }

    private static String name(Endpoint e) {
        return e.isPod() ? e.display() : e.ip() + " (no pod)";
    }
}
