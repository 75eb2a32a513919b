package io.rollbook.engine.network;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two rules of upstream's semantics that no policy can take away, each row named by the sentence of
 * the Kubernetes documentation (or upstream's e2e test) it checks. web runs on node-1 (10.244.1.2);
 * node-1's bridge is 10.244.1.1 and its eth0 192.168.56.11; node-2's are 10.244.2.1 and 192.168.56.12.
 */
class LoopbackAndLocalNodeTest {

    static final PodNetwork NET = PodNetwork.defaults(List.of("node-1", "node-2", "node-3"));
    static final Endpoint WEB = Endpoint.pod("np01", "web-a", Map.of("app", "web"), "10.244.1.2", "node-1", Map.of());
    static final Endpoint WEB_B = Endpoint.pod("np01", "web-b", Map.of("app", "web"), "10.244.2.2", "node-2", Map.of());

    static final String ISOLATE_WEB_FOR_INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web-deny-all, namespace: np01}
            spec: {podSelector: {matchLabels: {app: web}}, ingress: []}
            """;
    static final String DEFAULT_DENY_ALL = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny-all, namespace: np01}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
            """;

    static Endpoint endpoint(String name) {
        return switch (name) {
            case "web" -> WEB;
            case "web-on-node-2" -> WEB_B;
            default -> NET.endpointOf(name);
        };
    }

    @ParameterizedTest(name = "{0}: {2} -> {3} under {1} is {4}")
    @CsvSource(delimiter = '|', textBlock = """
            a pod cannot block access to itself                                      | isolate-web | web          | web | allowed
            a pod cannot block access to itself, whatever isolates it both ways       | deny-all    | web          | web | allowed
            traffic is allowed if the traffic source is the pod's local node (cni0)   | deny-all    | 10.244.1.1   | web | allowed
            traffic is allowed if the traffic source is the pod's local node (eth0)   | deny-all    | 192.168.56.11 | web | allowed
            another node is not the pod's local node: its bridge                      | deny-all    | 10.244.2.1   | web | denied
            another node is not the pod's local node: its eth0                        | deny-all    | 192.168.56.12 | web | denied
            another pod of the same Deployment is not the pod itself                  | isolate-web | web-on-node-2 | web | denied
            without a policy the local node is allowed anyway                         | none        | 192.168.56.11 | web | allowed
            """)
    void decides(String rule, String policy, String from, String to, String expected) {
        PolicyContext ctx = PolicyContext.of(switch (policy) {
            case "isolate-web" -> Policies.parse(ISOLATE_WEB_FOR_INGRESS);
            case "deny-all" -> Policies.parse(DEFAULT_DENY_ALL);
            default -> List.of();
        }, List.of());

        NetCheck check = NetCheck.check(NET, ctx, endpoint(from), endpoint(to), 80, "TCP");

        assertThat(check.allowed() ? "allowed" : "denied").as(rule).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10.244.1.1    | node-1's cni0
            192.168.56.11 | node-1's eth0
            192.168.56.13 | node-3's eth0
            """)
    void aNodesOwnAddressIsDescribedAsTheNodes(String ip, String display) {
        Endpoint e = NET.endpointOf(ip);

        assertThat(e.isNode()).isTrue();
        assertThat(e.display()).isEqualTo(display);
        String text = NetCheck.check(NET, PolicyContext.of(List.of(), List.of()), e, WEB, 80, "TCP").render();
        assertThat(text).contains(ip + " (" + display + ")").doesNotContain("outside the cluster")
                .doesNotContain("veth?").doesNotContain("(no pod)");
    }
}
