package io.rollbook.engine.network;

import io.rollbook.api.manifest.networking.NetworkPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's three scenarios, each without a policy and with one: pod to pod on one node, pod to
 * pod across nodes, pod to the outside world. Checks the decision and the path the packet takes.
 */
class SeedScenariosTest {

    static final PodNetwork NET = PodNetwork.defaults(List.of("node-1", "node-2", "node-3"));
    static final Endpoint FRONTEND = Endpoint.pod("shop", "frontend-a", Map.of("app", "frontend"), "10.244.1.2",
            "node-1", Map.of());
    static final Endpoint BACKEND_SAME = Endpoint.pod("shop", "backend-a", Map.of("app", "backend"), "10.244.1.3",
            "node-1", Map.of());
    static final Endpoint BACKEND_OTHER = Endpoint.pod("shop", "backend-b", Map.of("app", "backend"), "10.244.2.2",
            "node-2", Map.of());
    static final Endpoint WORLD = Endpoint.address("93.184.216.34", null);

    static final String DENY_ALL = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny-all, namespace: shop}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
            """;

    static PolicyContext policies(String yaml) {
        List<NetworkPolicy> list = yaml.isEmpty() ? List.of() : Policies.parse(yaml);
        return PolicyContext.of(list, List.of());
    }

    static Endpoint to(String name) {
        return switch (name) {
            case "same-node" -> BACKEND_SAME;
            case "other-node" -> BACKEND_OTHER;
            default -> WORLD;
        };
    }

    @ParameterizedTest(name = "{0}, policy {1}: {2}")
    @CsvSource({
            "same-node,  none,     allowed, same-node",
            "same-node,  deny-all, denied,  same-node",
            "other-node, none,     allowed, cross-node",
            "other-node, deny-all, denied,  cross-node",
            "outside,    none,     allowed, to-outside",
            "outside,    deny-all, denied,  to-outside",
    })
    void eachScenarioWithAndWithoutAPolicy(String scenario, String policy, String expected, String pathKind) {
        NetCheck check = NetCheck.check(NET, policies("none".equals(policy) ? "" : DENY_ALL), FRONTEND, to(scenario),
                80, "TCP");

        assertThat(check.allowed() ? "allowed" : "denied").isEqualTo(expected);
        assertThat(check.path().kind()).isEqualTo(pathKind);
        assertThat(check.droppedAt() == null).isEqualTo(check.allowed());
    }

    @Test
    void onOneNodeThePacketCrossesTheBridge() {
        NetCheck check = NetCheck.check(NET, policies(""), FRONTEND, BACKEND_SAME, 80, "TCP");

        assertThat(check.path().hops()).hasSize(3);
        assertThat(check.path().hops().get(0)).startsWith("shop/pod/frontend-a eth0 10.244.1.2 -> veth")
                .endsWith(" on node-1");
        assertThat(check.path().hops().get(1)).startsWith("node-1 bridge cni0 (10.244.1.0/24): 10.244.1.3 is on the "
                + "same bridge, switched at layer 2");
        assertThat(check.path().hops().get(2)).endsWith("on node-1 -> shop/pod/backend-a eth0 10.244.1.3");
    }

    @Test
    void acrossNodesItFollowsTheCniRouteThroughEth0() {
        NetCheck check = NetCheck.check(NET, policies(""), FRONTEND, BACKEND_OTHER, 80, "TCP");

        assertThat(check.path().hops()).containsSubsequence(
                "node-1 bridge cni0, the pod's gateway 10.244.1.1: 10.244.2.2 is not on this bridge, so node-1 routes it",
                "node-1 route 10.244.2.0/24 via 192.168.56.12 dev eth0 (the CNI route to node-2's pod subnet)",
                "node-1 eth0 192.168.56.11 -> node-2 eth0 192.168.56.12 (pod addresses unchanged: no NAT between pods)",
                "node-2 route 10.244.2.0/24 dev cni0 -> bridge cni0 (10.244.2.1)");
    }

    @Test
    void toTheWorldItIsMasqueradedOnTheNode() {
        NetCheck check = NetCheck.check(NET, policies(""), FRONTEND, WORLD, 443, "TCP");

        assertThat(check.path().hops()).anyMatch(h -> h.equals(
                "node-1 default route via eth0, SNAT (masquerade): source 10.244.1.2 -> 192.168.56.11"));
        assertThat(check.render()).startsWith("allowed: shop/pod/frontend-a (10.244.1.2 on node-1) -> "
                + "93.184.216.34 (outside the cluster), TCP/443\n");
    }

    @Test
    void aDenialSaysWhereThePacketIsDropped() {
        NetCheck check = NetCheck.check(NET, policies(DENY_ALL), FRONTEND, BACKEND_OTHER, 80, "TCP");

        assertThat(check.droppedAt()).startsWith("veth").endsWith(" on node-1 (the egress policies of "
                + "shop/pod/frontend-a)");
        assertThat(check.render()).startsWith("denied: ").contains("  egress:  shop/pod/frontend-a is isolated for "
                + "Egress by shop/default-deny-all and no rule allows it\n").contains("\ndropped at veth");
        assertThat(check.toJson()).containsEntry("allowed", false).containsKey("droppedAt");
    }
}
