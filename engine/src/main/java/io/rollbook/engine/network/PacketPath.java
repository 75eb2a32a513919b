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
 * @param kind  {@code same-node}, {@code cross-node}, {@code to-outside}, {@code from-outside},
 *              {@code from-node} (a node's own address sends), {@code to-node} (a node's own
 *              address receives), {@code loopback} (a pod to itself) or {@code outside} (neither end
 *              is in the cluster)
 * @param hops  each step, in order
 */
public record PacketPath(String kind, List<String> hops) {

    public static final String SAME_NODE = "same-node";
    public static final String CROSS_NODE = "cross-node";
    public static final String TO_OUTSIDE = "to-outside";
    public static final String FROM_OUTSIDE = "from-outside";
    public static final String OUTSIDE = "outside";
    public static final String FROM_NODE = "from-node";
    public static final String TO_NODE = "to-node";
    public static final String LOOPBACK = "loopback";

    public PacketPath {
        hops = List.copyOf(hops);
    }

    /** The path from {@code from} to {@code to}. */
    public static PacketPath of(PodNetwork net, Endpoint from, Endpoint to) {
        List<String> hops = new ArrayList<>();
        if (from.samePod(to)) {
            hops.add(name(from) + " to its own address " + to.ip() + ": the pod's kernel delivers it on lo,"
                    + " it never leaves the pod");
            return new PacketPath(LOOPBACK, hops);
        }
        if (from.isNode()) {
            return fromNode(net, from, to, hops);
        }
        if (to.isNode()) {
            return toNode(net, from, to, hops);
        }
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

    /** A node's own address sends: from its bridge, or from its eth0 along its routes. */
    private static PacketPath fromNode(PodNetwork net, Endpoint from, Endpoint to, List<String> hops) {
        String node = from.node();
        hops.add(node + " " + from.nodeInterface() + " " + from.ip() + ": the node's own address sends");
        if (to.isPod() && node.equals(to.node())) {
            hops.add(node + " route " + net.nodeSubnet(node) + " dev " + PodNetwork.BRIDGE + " -> bridge "
                    + PodNetwork.BRIDGE + " (" + net.gateway(node) + "), switched to " + veth(to));
            hops.add(enter(to));
        } else if (to.node() != null) {
            hops.add(node + " route " + net.nodeSubnet(to.node()) + " via " + net.nodeIp(to.node()) + " dev "
                    + PodNetwork.NODE_INTERFACE + " (the CNI route to " + to.node() + "'s pod subnet)");
            hops.add(node + " " + PodNetwork.NODE_INTERFACE + " " + net.nodeIp(node) + " -> " + to.node() + " "
                    + PodNetwork.NODE_INTERFACE + " " + net.nodeIp(to.node()));
            if (to.isPod()) {
                hops.add(arrive(net, to));
                hops.add(enter(to));
            } else {
                hops.add(to.display() + " " + to.ip() + " receives it");
            }
        } else {
            hops.add(node + " default route via " + PodNetwork.NODE_INTERFACE + ": " + node + " "
                    + PodNetwork.NODE_INTERFACE + " " + net.nodeIp(node) + " -> " + to.ip());
        }
        return new PacketPath(FROM_NODE, hops);
    }

    /** A node's own address receives: on the sender's bridge, or through eth0 from another node. */
    private static PacketPath toNode(PodNetwork net, Endpoint from, Endpoint to, List<String> hops) {
        String node = to.node();
        if (from.isPod() && node.equals(from.node())) {
            hops.add(leave(from));
            hops.add(node + " bridge " + PodNetwork.BRIDGE + ": " + to.ip() + " is " + to.display()
                    + ", the node's own address, delivered to " + node + " itself");
        } else {
            if (from.isPod()) {
                hops.add(leave(from));
                hops.add(from.node() + " route " + net.nodeSubnet(node) + " via " + net.nodeIp(node) + " dev "
                        + PodNetwork.NODE_INTERFACE);
                hops.add(from.node() + " " + PodNetwork.NODE_INTERFACE + " " + net.nodeIp(from.node()) + " -> "
                        + node + " " + PodNetwork.NODE_INTERFACE + " " + net.nodeIp(node));
            } else {
                hops.add(from.ip() + " -> " + node + " " + PodNetwork.NODE_INTERFACE + " " + net.nodeIp(node));
            }
            hops.add(to.display() + " " + to.ip() + " is " + node + "'s own address, delivered to " + node + " itself");
        }
        return new PacketPath(TO_NODE, hops);
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
