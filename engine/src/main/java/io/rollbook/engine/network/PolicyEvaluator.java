package io.rollbook.engine.network;

import io.rollbook.api.manifest.LabelSelector;
import io.rollbook.api.manifest.networking.IPBlock;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import io.rollbook.api.manifest.networking.NetworkPolicyEgressRule;
import io.rollbook.api.manifest.networking.NetworkPolicyIngressRule;
import io.rollbook.api.manifest.networking.NetworkPolicyPeer;
import io.rollbook.api.manifest.networking.NetworkPolicyPort;
import io.rollbook.api.manifest.networking.NetworkPolicySpec;

import java.util.ArrayList;
import java.util.List;

/**
 * NetworkPolicy evaluation with upstream semantics, as pure functions:
 *
 * <ul>
 *   <li>a pod is isolated for ingress (egress) only when a policy of its namespace selects it and
 *       has that policy type; a pod no policy selects accepts (sends) everything;</li>
 *   <li>what an isolated pod may receive (send) is the union of the rules of all the policies that
 *       select it: policies only ever add, and their order does not matter;</li>
 *   <li>a connection needs both the sender's egress and the receiver's ingress;</li>
 *   <li>a rule matches when any of its peers matches AND any of its ports does (none listed: all);</li>
 *   <li>a peer's podSelector alone means pods of the policy's namespace, namespaceSelector alone
 *       every pod of the selected namespaces, both in one peer the selected pods of the selected
 *       namespaces; an empty selector ({@code {}}) selects all;</li>
 *   <li>an ipBlock matches addresses in its cidr and not in any except range. Upstream leaves it
 *       undefined whether ipBlocks apply to pod addresses; here they do, as in Calico and Cilium;</li>
 *   <li>a pod cannot block access to itself: its traffic to itself is allowed whatever the
 *       policies say, in both directions (upstream's loopback rule, which its e2e tests hold);</li>
 *   <li>ingress is allowed when the traffic source is the pod's local node (its {@code cni0}
 *       gateway or its {@code eth0}), isolated or not: the kubelet's probes come from there.</li>
 * </ul>
 */
public final class PolicyEvaluator {

    private PolicyEvaluator() {
    }

    /** Both directions and the overall answer for {@code from -> to} on {@code protocol/port}. */
    public static Verdict evaluate(PolicyContext ctx, Endpoint from, Endpoint to, int port, String protocol) {
        DirectionVerdict egress = egress(ctx, from, to, port, protocol);
        DirectionVerdict ingress = ingress(ctx, from, to, port, protocol);
        return new Verdict(egress, ingress, egress.allowed() && ingress.allowed());
    }

    /** The receiver's side: may {@code to} accept this connection from {@code from}? */
    public static DirectionVerdict ingress(PolicyContext ctx, Endpoint from, Endpoint to, int port, String protocol) {
        if (!to.isPod()) {
            return new DirectionVerdict(NetworkPolicySpec.INGRESS, false, List.of(), List.of(), true,
                    "the destination " + (to.isNode() ? "is " + to.display() + ", " : "is ")
                            + "not a pod: no ingress policy applies");
        }
        List<String> isolating = new ArrayList<>();
        List<String> allowing = new ArrayList<>();
        List<NetworkPolicy> policies = selecting(ctx, to, NetworkPolicySpec.INGRESS);
        if (from.samePod(to)) {
            return itself(NetworkPolicySpec.INGRESS, to, policies);
        }
        if (from.isNode() && from.node().equals(to.node())) {
            policies.forEach(p -> isolating.add(name(p)));
            return new DirectionVerdict(NetworkPolicySpec.INGRESS, true, isolating, allowing, true,
                    "traffic from the pod's local node is always allowed: " + from.display() + " " + from.ip()
                            + " is on " + to.display() + "'s node" + isolatedBy(NetworkPolicySpec.INGRESS, isolating));
        }
        for (NetworkPolicy p : policies) {
            isolating.add(name(p));
            List<NetworkPolicyIngressRule> rules = p.spec().ingressRules();
            for (int i = 0; i < rules.size(); i++) {
                NetworkPolicyIngressRule r = rules.get(i);
                if (peersMatch(ctx, r.peers(), from, PolicyContext.namespaceOf(p))
                        && portsMatch(r.portList(), to, port, protocol)) {
                    allowing.add(name(p) + " spec.ingress[" + i + "]");
                }
            }
        }
        return verdict(NetworkPolicySpec.INGRESS, to, isolating, allowing);
    }

    /** The sender's side: may {@code from} send this connection to {@code to}? */
    public static DirectionVerdict egress(PolicyContext ctx, Endpoint from, Endpoint to, int port, String protocol) {
        if (!from.isPod()) {
            return new DirectionVerdict(NetworkPolicySpec.EGRESS, false, List.of(), List.of(), true,
                    "the source " + (from.isNode() ? "is " + from.display() + ", " : "is ")
                            + "not a pod: no egress policy applies");
        }
        List<String> isolating = new ArrayList<>();
        List<String> allowing = new ArrayList<>();
        List<NetworkPolicy> policies = selecting(ctx, from, NetworkPolicySpec.EGRESS);
        if (from.samePod(to)) {
            return itself(NetworkPolicySpec.EGRESS, from, policies);
        }
        for (NetworkPolicy p : policies) {
            isolating.add(name(p));
            List<NetworkPolicyEgressRule> rules = p.spec().egressRules();
            for (int i = 0; i < rules.size(); i++) {
                NetworkPolicyEgressRule r = rules.get(i);
                if (peersMatch(ctx, r.peers(), to, PolicyContext.namespaceOf(p))
                        && portsMatch(r.portList(), to, port, protocol)) {
                    allowing.add(name(p) + " spec.egress[" + i + "]");
                }
            }
        }
        return verdict(NetworkPolicySpec.EGRESS, from, isolating, allowing);
    }

    /** The policies of the pod's namespace that select it and have {@code type}. */
    public static List<NetworkPolicy> selecting(PolicyContext ctx, Endpoint pod, String type) {
        return ctx.policiesIn(pod.namespace()).stream()
                .filter(p -> p.spec().effectivePolicyTypes().contains(type))
                .filter(p -> selects(p.spec().podSelector(), pod))
                .toList();
    }

    /** Whether one peer matches {@code other}, for a policy in {@code policyNamespace}. */
    public static boolean peerMatches(PolicyContext ctx, NetworkPolicyPeer peer, Endpoint other,
                                      String policyNamespace) {
        if (peer.ipBlock() != null) {
            return other.ip() != null && inBlock(peer.ipBlock(), other.ip());
        }
        if (!other.isPod() || (peer.podSelector() == null && peer.namespaceSelector() == null)) {
            return false; // selectors select pods only; a peer with nothing in it selects nothing
        }
        boolean namespaceMatches = peer.namespaceSelector() == null ? policyNamespace.equals(other.namespace())
                : peer.namespaceSelector().matches(ctx.labelsOf(other.namespace()));
        return namespaceMatches && (peer.podSelector() == null || peer.podSelector().matches(other.labels()));
    }

    /** Whether {@code ip} is in the block's cidr and in none of its except ranges. */
    public static boolean inBlock(IPBlock block, String ip) {
        long address = Ipv4.parse(ip);
        if (!Cidr.parse(block.cidr()).contains(address)) {
            return false;
        }
        return block.exceptions().stream().noneMatch(e -> Cidr.parse(e).contains(address));
    }

    /** Whether one port entry matches {@code protocol/port} on {@code destination}. */
    public static boolean portMatches(NetworkPolicyPort p, Endpoint destination, int port, String protocol) {
        if (!p.protocolOrDefault().equals(protocol)) {
            return false;
        }
        if (p.port() == null) {
            return true; // every port of the protocol
        }
        if (p.port().isInt()) {
            int low = p.port().intValue();
            return p.endPort() == null ? port == low : port >= low && port <= p.endPort();
        }
        Integer named = destination.namedPorts().get(p.port().stringValue()); // only pods have named ports
        return named != null && named == port;
    }

    private static boolean peersMatch(PolicyContext ctx, List<NetworkPolicyPeer> peers, Endpoint other, String ns) {
        return peers.isEmpty() || peers.stream().anyMatch(peer -> peerMatches(ctx, peer, other, ns));
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, Endpoint destination, int port, String protocol) {
        return ports.isEmpty() || ports.stream().anyMatch(p -> portMatches(p, destination, port, protocol));
    }

    private static boolean selects(LabelSelector selector, Endpoint pod) {
        return selector == null || selector.matches(pod.labels()); // null is {} as the API server stores it
    }

    private static DirectionVerdict verdict(String direction, Endpoint pod, List<String> isolating,
                                            List<String> allowing) {
        String subject = pod.display();
        if (isolating.isEmpty()) {
            return new DirectionVerdict(direction, true, isolating, allowing, true,
                    "no NetworkPolicy selects " + subject + " for " + direction
                            + ": not isolated, all traffic allowed");
        }
        String policies = String.join(", ", isolating);
        if (allowing.isEmpty()) {
            return new DirectionVerdict(direction, true, isolating, allowing, false,
                    subject + " is isolated for " + direction + " by " + policies + " and no rule allows it");
        }
        return new DirectionVerdict(direction, true, isolating, allowing, true,
                "allowed by " + String.join(", ", allowing) + " (" + subject + " is isolated for " + direction
                        + " by " + policies + ")");
    }

    /** A pod cannot block access to itself: allowed, whatever isolates it. */
    private static DirectionVerdict itself(String direction, Endpoint pod, List<NetworkPolicy> policies) {
        List<String> isolating = policies.stream().map(PolicyEvaluator::name).toList();
        return new DirectionVerdict(direction, true, isolating, List.of(), true,
                "a pod cannot block access to itself: " + pod.display() + " to itself is always allowed"
                        + isolatedBy(direction, isolating));
    }

    private static String isolatedBy(String direction, List<String> isolating) {
        return isolating.isEmpty() ? "" : " (isolated for " + direction + " by " + String.join(", ", isolating) + ")";
    }

    private static String name(NetworkPolicy p) {
        return PolicyContext.namespaceOf(p) + "/" + p.metadata().name();
    }

    /** Both sides and the answer: allowed only when both allow. */
    public record Verdict(DirectionVerdict egress, DirectionVerdict ingress, boolean allowed) {
    }
}
