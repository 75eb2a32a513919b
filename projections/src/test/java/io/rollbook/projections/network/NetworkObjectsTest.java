package io.rollbook.projections.network;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.Delete;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.Namespace;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import io.rollbook.api.value.NetworkInterface;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.Kubectl;
import io.rollbook.projections.ProjectionStore;
import io.rollbook.projections.audit.AuditQuery;
import io.rollbook.projections.fixtures.EngineLog;
import io.rollbook.projections.fixtures.Stores;
import io.rollbook.projections.replay.ReplayPoint;
import io.rollbook.projections.text.OutputFormat;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Namespaces, NetworkPolicies and pod addresses as the projections fold them: get, audit and replay. */
class NetworkObjectsTest {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final ObjectRef DENY = ObjectRef.networkPolicy("shop", "deny");
    static final ObjectRef SHOP = ObjectRef.namespace("shop");

    static final ObjectRef BACKEND = ObjectRef.replicaSet("shop", "backend-1");
    static final String BACKEND_POD = EngineLog.pod("backend-1", 0);

    static NetworkPolicy policy(String types) {
        return (NetworkPolicy) Manifests.parse("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny, namespace: shop}
                spec: {podSelector: {matchLabels: {app: backend}}, policyTypes: [%s]}
                """.formatted(types)).get(0);
    }

    /** The engine's log of a namespace, a policy applied, changed and deleted, and a pod started with addresses. */
    static List<EventEnvelope> log() {
        EngineLog ns = new EngineLog(SHOP, T0).send("c-1", "alice",
                new Apply(Namespace.of("shop", Map.of("team", "shop"))));
        EngineLog deny = new EngineLog(DENY, T0.plusSeconds(10)).send("c-2", "alice", new Apply(policy("Ingress")))
                .at(T0.plusSeconds(20)).send("c-3", "bob", new Apply(policy("Ingress, Egress")))
                .at(T0.plusSeconds(30)).send("c-4", "carol", new Delete());
        EngineLog pods = new EngineLog(BACKEND, T0).send("c-5", "alice", new Apply(Manifests.parse("""
                        apiVersion: apps/v1
                        kind: ReplicaSet
                        metadata: {name: backend-1}
                        spec:
                          replicas: 1
                          selector: {matchLabels: {app: backend}}
                          template:
                            metadata: {labels: {app: backend}}
                            spec: {containers: [{name: nginx, image: "nginx:1.14.2"}]}
                        """).get(0)))
                .report(BACKEND_POD, "Running", "node-2", null, "10.244.2.2",
                        List.of(new NetworkInterface("shop/br-net", "net1", "10.10.1.20")));
        List<EventEnvelope> all = new ArrayList<>(ns.events());
        all.addAll(deny.events().subList(0, 2));
        all.addAll(pods.events());
        all.add(deny.events().get(2));
        return all;
    }

    final ProjectionStore store = Stores.of(log());
    final Kubectl kubectl = new Kubectl(store);

    @Test
    void aNamespaceIsServedWithTheLabelTheApiServerGivesIt() {
        assertThat(store.namespaces().get(0).metadata().labels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("team", "shop", "kubernetes.io/metadata.name", "shop"));
    }

    @Test
    void aNamespaceLoggedWithoutTheLabelByAnEarlierVersionGetsItToo() {
        EventEnvelope applied = log().get(0);
        var applyEvent = (io.rollbook.api.event.ObjectApplied) applied.data();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) applyEvent.object();
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("metadata").path("labels"))
                .remove("kubernetes.io/metadata.name");
        EventEnvelope unlabelled = EventEnvelope.of(applied.aggregate(), applied.sequence(), applied.time(),
                applied.commandId(), applied.actor(), new io.rollbook.api.event.ObjectApplied(applyEvent.verb(), tree));
        assertThat(unlabelled.data()).isInstanceOf(io.rollbook.api.event.ObjectApplied.class);
        assertThat(((io.rollbook.api.event.ObjectApplied) unlabelled.data()).object().path("metadata").path("labels")
                .has("kubernetes.io/metadata.name")).as("the old event lacks it").isFalse();

        ProjectionStore earlier = Stores.of(List.of(unlabelled));

        assertThat(earlier.namespaces().get(0).metadata().labels()).containsEntry("kubernetes.io/metadata.name", "shop");
    }

    @Test
    void foldsTheCurrentObjects() {
        assertThat(store.namespaces()).extracting(n -> n.metadata().name()).containsExactly("shop");
        assertThat(store.networkPolicies(null)).isEmpty(); // deleted last
        assertThat(store.configObject(SHOP)).get().extracting(KubeObject::kind).isEqualTo("Namespace");
    }

    @Test
    void podsCarryTheirAddresses() {
        assertThat(kubectl.get("pods", "shop", null, OutputFormat.WIDE, T0.plusSeconds(60)).stdout())
                .contains("10.244.2.2   node-2");
        String yaml = kubectl.get("pod", "shop", BACKEND_POD, OutputFormat.YAML, T0).stdout();
        assertThat(yaml).contains("podIP: 10.244.2.2").contains("k8s.v1.cni.cncf.io/network-status");
    }

    @Test
    void auditNamesTheObjectsAsKubectlDoes() {
        String table = kubectl.audit(AuditQuery.of(DENY), OutputFormat.TABLE).stdout();
        assertThat(table.lines().skip(1).map(l -> l.split("\\s+")[1] + " " + l.split("\\s+")[2]).toList())
                .containsExactly("networkpolicy.networking.k8s.io/deny ObjectApplied",
                        "networkpolicy.networking.k8s.io/deny ObjectApplied",
                        "networkpolicy.networking.k8s.io/deny ObjectDeleted");
        assertThat(kubectl.audit(AuditQuery.of(SHOP), OutputFormat.TABLE).stdout()).contains("namespace/shop");
    }

    @Test
    void replayShowsAPolicyAsItWas() {
        var first = kubectl.replay(DENY, new ReplayPoint.AtOffset(1), OutputFormat.YAML);
        assertThat(first.exitCode()).isZero();
        NetworkPolicy then = (NetworkPolicy) Manifests.parse(first.stdout()).get(0);
        assertThat(then.spec().policyTypes()).containsExactly("Ingress");

        var atTime = kubectl.replay(DENY, new ReplayPoint.AtTime(T0.plusSeconds(25)), OutputFormat.TABLE).stdout();
        assertThat(atTime).startsWith("networkpolicy.networking.k8s.io/deny as of --at 2026-11-26T10:00:25Z: "
                + "event 2 of 3").containsPattern("Policy types: +Ingress, Egress");

        assertThat(kubectl.replay(DENY, new ReplayPoint.AtOffset(3), OutputFormat.TABLE).stderr())
                .isEqualTo("error: networkpolicy.networking.k8s.io/deny did not exist at --at-offset 3 "
                        + "(after 3 of 3 events)\n");
    }

    @Test
    void getListsNamespacesAndPolicies() {
        ProjectionStore live = Stores.of(log().subList(0, 3));
        Kubectl k = new Kubectl(live);
        assertThat(k.get("netpol", "shop", null, OutputFormat.TABLE, T0.plusSeconds(70)).stdout()).isEqualTo("""
                NAME   POD-SELECTOR   AGE
                deny   app=backend    60s
                """); // created by c-2, 10 s after the namespace
        assertThat(k.get("ns", null, null, OutputFormat.TABLE, T0.plusSeconds(70)).stdout()).isEqualTo("""
                NAME   STATUS   AGE
                shop   Active   70s
                """);
    }
}
