package io.rollbook.engine.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The cluster's pod network as kubeadm with a bridge CNI (flannel's layout) builds it: the cluster
 * pod CIDR ({@code kubeadm init --pod-network-cidr=10.244.0.0/16}) is split into one subnet per
 * node ({@code /24}: the i-th node of {@link #nodes} gets subnet i + 1, so node-1 has
 * 10.244.1.0/24), whose first address is the node's {@value #BRIDGE} bridge and the pods' gateway.
 * Nodes talk over their {@code eth0} on {@link #hostNetwork} (node-1 is its 11th address,
 * 192.168.56.11), and each node routes every other node's subnet via that node's eth0 address.
 *
 * @param clusterCidr the pod CIDR
 * @param nodePrefix  the prefix length of each node's subnet
 * @param nodes       the nodes, in the order their subnets are allocated
 * @param hostNetwork where the nodes' eth0 addresses are
 */
public record PodNetwork(Cidr clusterCidr, int nodePrefix, List<String> nodes, Cidr hostNetwork) {

    /** The Linux bridge on each node that the pods' veth pairs plug into. */
    public static final String BRIDGE = "cni0";
    /** The node's interface to the other nodes and the world. */
    public static final String NODE_INTERFACE = "eth0";
    /** The seed's {@code --pod-network-cidr}. */
    public static final String DEFAULT_CLUSTER_CIDR = "10.244.0.0/16";
    /** Where the nodes' eth0 addresses are (a host-only network, as in a Vagrant kubeadm lab). */
    public static final String DEFAULT_HOST_NETWORK = "192.168.56.0/24";
    private static final int FIRST_NODE_HOST = 11;

    public PodNetwork {
        Objects.requireNonNull(clusterCidr, "clusterCidr");
        Objects.requireNonNull(hostNetwork, "hostNetwork");
        nodes = List.copyOf(nodes);
        if (nodePrefix < clusterCidr.prefix() || nodePrefix > 30) {
            throw new IllegalArgumentException("node subnets of /" + nodePrefix + " do not fit " + clusterCidr);
        }
        if (nodes.size() + 1 > (1L << (nodePrefix - clusterCidr.prefix()))) {
            throw new IllegalArgumentException(clusterCidr + " has no room for a /" + nodePrefix + " per node for "
                    + nodes.size() + " nodes");
        }
        if (FIRST_NODE_HOST + nodes.size() >= hostNetwork.size()) {
            throw new IllegalArgumentException(hostNetwork + " has no room for " + nodes.size() + " nodes");
        }
    }

    /**
     * {@code kubeadm init --pod-network-cidr}: {@code cidr} split into one /24 per node (the node
     * CIDR mask size kube-controller-manager uses for IPv4), nodes on 192.168.56.0/24.
     *
     * @throws IllegalArgumentException saying why {@code cidr} cannot be the pod network: not an
     *         IPv4 CIDR, host bits set, too small for a /24 per node, or overlapping the nodes' network
     */
    public static PodNetwork of(String cidr, List<String> nodes) {
        String flag = "--pod-network-cidr " + cidr;
        if (cidr == null || !cidr.contains("/") || !Cidr.isValid(cidr)) {
            throw new IllegalArgumentException(flag + " is not an IPv4 CIDR (address/prefix, such as "
                    + DEFAULT_CLUSTER_CIDR + ")");
        }
        Cidr c = Cidr.parse(cidr); // masked to its network
        if (Ipv4.parse(cidr.substring(0, cidr.indexOf('/'))) != c.base()) {
            throw new IllegalArgumentException(flag + " has host bits set: the network is " + c);
        }
        long needed = nodes.size() + 1L; // the first /24 is left unused, as node-1 has the second
        if (c.prefix() > 24 || (1L << (24 - c.prefix())) < needed) {
            throw new IllegalArgumentException(flag + " is too small: each of the " + nodes.size()
                    + " nodes needs its own /24 (and the first is kept free), so it must be a /"
                    + (24 - (64 - Long.numberOfLeadingZeros(needed - 1))) + " or larger");
        }
        Cidr host = Cidr.parse(DEFAULT_HOST_NETWORK);
        if (c.contains(host.base()) || host.contains(c.base())) {
            throw new IllegalArgumentException(flag + " overlaps the nodes' network " + host);
        }
        return new PodNetwork(c, 24, nodes, host);
    }

    /** 10.244.0.0/16 in /24s, nodes on 192.168.56.0/24. */
    public static PodNetwork defaults(List<String> nodes) {
        return new PodNetwork(Cidr.parse(DEFAULT_CLUSTER_CIDR), 24, nodes, Cidr.parse(DEFAULT_HOST_NETWORK));
    }

    /** The node's pod subnet. */
    public Cidr nodeSubnet(String node) {
        return clusterCidr.subnet(nodePrefix, index(node) + 1L);
    }

    /** The node's bridge address, the pods' default gateway: the subnet's first address. */
    public String gateway(String node) {
        return Ipv4.format(nodeSubnet(node).host(1));
    }

    /** The node's eth0 address. */
    public String nodeIp(String node) {
        return Ipv4.format(hostNetwork.host(FIRST_NODE_HOST + index(node)));
    }

    /**
     * What an address that is no pod's is on this network: a node's own address (its bridge's
     * gateway, or its eth0 on the host network), an address in a node's pod subnet, or one outside
     * the cluster.
     */
    public Endpoint endpointOf(String ip) {
        long address = Ipv4.parse(ip);
        for (String node : nodes) {
            if (Ipv4.parse(gateway(node)) == address) {
                return Endpoint.nodeAddress(ip, node, BRIDGE);
            }
            if (Ipv4.parse(nodeIp(node)) == address) {
                return Endpoint.nodeAddress(ip, node, NODE_INTERFACE);
            }
        }
        return Endpoint.address(ip, clusterCidr.contains(address) ? nodeOfPodIp(ip) : null);
    }

    /** The node whose pod subnet holds {@code ip}, or null. */
    public String nodeOfPodIp(String ip) {
        long address = Ipv4.parse(ip);
        for (String node : nodes) {
            if (nodeSubnet(node).contains(address)) {
                return node;
            }
        }
        return null;
    }

    /**
     * The lowest address of the node's subnet that is neither the gateway nor taken: .2, then .3, ...
     *
     * @param taken addresses in use on the node
     * @return null when the subnet is full
     */
    public String allocate(String node, Set<Long> taken) {
        Cidr subnet = nodeSubnet(node);
        Long free = lowestFree(subnet.host(2), subnet.last() - 1, taken);
        return free == null ? null : Ipv4.format(free);
    }

    /** The routes the CNI installs on {@code node}: every other node's subnet via that node's eth0. */
    public List<String> routes(String node) {
        List<String> routes = new ArrayList<>();
        routes.add(nodeSubnet(node) + " dev " + BRIDGE + " proto kernel scope link src " + gateway(node));
        for (String other : nodes) {
            if (!other.equals(node)) {
                routes.add(nodeSubnet(other) + " via " + nodeIp(other) + " dev " + NODE_INTERFACE);
            }
        }
        return routes;
    }

    /** The lowest address in {@code from..to} not in {@code taken}, or null. */
    public static Long lowestFree(long from, long to, Set<Long> taken) {
        for (long a = from; a <= to; a++) {
            if (!taken.contains(a)) {
                return a;
            }
        }
        return null;
    }

    private int index(String node) {
        int i = nodes.indexOf(node);
        if (i < 0) {
            throw new IllegalArgumentException("unknown node " + node + "; the nodes are " + nodes);
        }
        return i;
    }
}
