package io.rollbook.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.projections.objects.PodView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network walkthrough against a running `up`: a namespace, a secondary network, two
 * Deployments, then `net check` for the seed's three scenarios without a policy and with one, and
 * the policies in `audit` and `replay`.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetCheckAgainstUpIntegrationTest extends AgainstUp {

    static final String WORLD = "93.184.216.34";

    /** A frontend and a backend pod on one node, and a backend pod on another node than that frontend. */
    record Pair(PodView frontend, PodView sameNode, PodView otherNode) {
    }

    @BeforeAll
    static void start() {
        Stages fast = new Stages(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(50), 0.2,
                Stages.defaults().nodes(), 5);
        start("net-test", fast);
    }

    static String example(String name) {
        return TestCli.example("network", name);
    }

    static Pair pair() {
        List<PodView> pods = up.store().pods("shop");
        List<PodView> frontends = pods.stream().filter(p -> p.name().startsWith("frontend-")).toList();
        List<PodView> backends = pods.stream().filter(p -> p.name().startsWith("backend-")).toList();
        for (PodView f : frontends) {
            PodView same = backends.stream().filter(b -> b.node().equals(f.node())).findFirst().orElse(null);
            PodView other = backends.stream().filter(b -> !b.node().equals(f.node())).findFirst().orElse(null);
            if (same != null && other != null) {
                return new Pair(f, same, other);
            }
        }
        throw new AssertionError("no frontend shares a node with a backend: " + pods);
    }

    static TestCli.Run check(PodView from, String to, String... more) {
        List<String> args = new ArrayList<>(List.of("net", "check", "pod/" + from.name(), to, "-n", "shop"));
        args.addAll(List.of(more));
        return rollbook(args.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void appliesTheNetworkObjectsAndTheDeployments() {
        assertThat(rollbook("apply", "-f", example("namespace.yaml")).out()).isEqualTo("namespace/shop created\n");
        assertThat(rollbook("apply", "-f", example("bridge-nad.yaml")).out())
                .isEqualTo("networkattachmentdefinition.k8s.cni.cncf.io/br-net created\n");
        assertThat(rollbook("apply", "-f", example("shop.yaml")).out())
                .isEqualTo("deployment.apps/frontend created\ndeployment.apps/backend created\n");
        assertThat(rollbook("rollout", "status", "deployment/frontend", "-n", "shop").exit()).isZero();
        assertThat(rollbook("rollout", "status", "deployment/backend", "-n", "shop").exit()).isZero();
        assertThat(rollbook("apply", "-f", example("namespace.yaml")).out()).isEqualTo("namespace/shop unchanged\n");

        List<PodView> pods = up.store().pods("shop");
        assertThat(pods).hasSize(6).allSatisfy(p -> assertThat(p.ip()).startsWith("10.244."));
        assertThat(pods.stream().map(PodView::ip).distinct()).hasSize(6);
        assertThat(pods).filteredOn(p -> p.name().startsWith("frontend-"))
                .allSatisfy(p -> assertThat(p.networks()).singleElement().satisfies(n -> {
                    assertThat(n.interfaceName()).isEqualTo("net1");
                    assertThat(n.ip()).startsWith("10.10.1.");
                }));
        assertThat(rollbook("get", "pods", "-o", "wide", "-n", "shop").out()).contains(pods.get(0).ip());
    }

    @Test
    @Order(2)
    void withoutAPolicyEverythingFlowsAlongTheSeedsPaths() {
        Pair p = pair();
        TestCli.Run same = check(p.frontend(), "pod/" + p.sameNode().name());
        assertThat(same.exit()).isZero();
        assertThat(same.out()).startsWith("allowed: shop/pod/" + p.frontend().name())
                .contains("path (same node):").contains("bridge cni0");
        TestCli.Run other = check(p.frontend(), "pod/" + p.otherNode().name());
        assertThat(other.out()).startsWith("allowed: ").contains("path (cross node):")
                .contains(p.frontend().node() + " route 10.244.");
        TestCli.Run world = check(p.frontend(), WORLD, "--port", "443");
        assertThat(world.out()).startsWith("allowed: ").contains("path (to outside):")
                .contains("SNAT (masquerade): source " + p.frontend().ip());
    }

    @Test
    @Order(3)
    void aDefaultDenyBlocksIngressUntilAnAllowOpensIt() {
        Pair p = pair();
        assertThat(rollbook("apply", "-f", example("default-deny.yaml")).out())
                .isEqualTo("networkpolicy.networking.k8s.io/default-deny-ingress created\n");
        TestCli.Run denied = check(p.frontend(), "pod/" + p.otherNode().name());
        assertThat(denied.exit()).isEqualTo(1);
        assertThat(denied.out()).startsWith("denied: ")
                .contains("is isolated for Ingress by shop/default-deny-ingress and no rule allows it")
                .contains("dropped at veth");
        assertThat(check(p.frontend(), WORLD).exit()).isZero(); // egress is not isolated

        assertThat(rollbook("apply", "-f", example("allow-from-frontend.yaml")).out())
                .isEqualTo("networkpolicy.networking.k8s.io/allow-from-frontend created\n");
        TestCli.Run same = check(p.frontend(), "pod/" + p.sameNode().name());
        assertThat(same.exit()).isZero();
        assertThat(same.out()).contains("allowed by shop/allow-from-frontend spec.ingress[0]");
        assertThat(check(p.frontend(), "pod/" + p.otherNode().name(), "--port", "8080").exit()).isEqualTo(1);
        assertThat(rollbook("net", "check", "pod/" + p.sameNode().name(), "pod/" + p.frontend().name(), "-n", "shop")
                .exit()).isEqualTo(1); // the backend may not call the frontend
        assertThat(rollbook("net", "check", "deployment/frontend", "deployment/backend", "-n", "shop").exit()).isZero();
    }

    @Test
    @Order(4)
    void anEgressPolicyStopsTrafficToTheWorld() throws Exception {
        Pair p = pair();
        Path egress = dir.resolve("deny-egress.yaml");
        Files.writeString(egress, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: frontend-egress, namespace: shop}
                spec:
                  podSelector: {matchLabels: {app: frontend}}
                  policyTypes: [Egress]
                  egress:
                  - to: [{podSelector: {matchLabels: {app: backend}}}]
                  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [93.184.216.0/24]}}]
                """);
        assertThat(rollbook("apply", "-f", egress.toString()).exit()).isZero();

        TestCli.Run json = check(p.frontend(), WORLD, "-o", "json");
        assertThat(json.exit()).isEqualTo(1);
        JsonNode answer = Codec.json().readTree(json.out());
        assertThat(answer.path("allowed").asBoolean(true)).isFalse();
        assertThat(answer.path("egress").path("policies").get(0).asText()).isEqualTo("shop/frontend-egress");
        assertThat(answer.path("path").path("kind").asText()).isEqualTo("to-outside");
        assertThat(check(p.frontend(), "8.8.8.8").exit()).isZero(); // outside the except range
        assertThat(check(p.frontend(), "pod/" + p.sameNode().name()).exit()).isZero();
    }

    @Test
    @Order(5)
    void policiesAppearInAuditAndReplay() {
        TestCli.Run audit = rollbook("audit", "netpol/allow-from-frontend", "-n", "shop");
        assertThat(audit.out()).contains("networkpolicy.networking.k8s.io/allow-from-frontend")
                .contains("ObjectApplied");
        TestCli.Run replay = rollbook("replay", "networkpolicy/allow-from-frontend", "-n", "shop", "--at-offset", "1",
                "-o", "yaml");
        assertThat(replay.exit()).isZero();
        assertThat(replay.out()).contains("kind: NetworkPolicy").contains("app: frontend");
        assertThat(rollbook("audit", "ns/shop").out()).contains("namespace/shop");
        assertThat(rollbook("get", "netpol", "-n", "shop").out()).contains("default-deny-ingress   <none>");

        assertThat(rollbook("delete", "netpol/default-deny-ingress", "-n", "shop").out())
                .isEqualTo("networkpolicy.networking.k8s.io \"default-deny-ingress\" deleted\n");
        assertThat(rollbook("replay", "netpol/default-deny-ingress", "-n", "shop", "--at-offset", "2").err())
                .startsWith("error: networkpolicy.networking.k8s.io/default-deny-ingress did not exist");
    }

    @Test
    @Order(6)
    void unknownEndpointsAreSaidPlainly() {
        TestCli.Run missing = rollbook("net", "check", "pod/nope", WORLD, "-n", "shop");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("Error from server (NotFound): pods \"nope\" not found\n");
        assertThat(rollbook("net", "check", "svc/x", WORLD).err()).startsWith("error: the server doesn't have a "
                + "resource type \"svc\"");
    }
}
