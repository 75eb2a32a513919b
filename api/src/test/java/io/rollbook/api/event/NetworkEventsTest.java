package io.rollbook.api.event;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.MalformedCommand;
import io.rollbook.api.command.ReportPod;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import io.rollbook.api.value.NetworkInterface;
import io.rollbook.api.value.ObjectRef;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The new events and command fields on the wire: round trips, and old records still read. */
class NetworkEventsTest {

    static final Instant T = Instant.parse("2026-11-26T10:00:00Z");
    static final NetworkPolicy POLICY = (NetworkPolicy) Manifests.parse("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny, namespace: shop}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """).get(0);

    static EventEnvelope roundTrip(EventEnvelope e) {
        return Events.decode(Events.encode(e));
    }

    @Test
    void objectAppliedCarriesTheWholeObject() {
        EventEnvelope e = EventEnvelope.of("shop/networkpolicies/deny", 0, T, "c-1", "alice",
                new ObjectApplied("created", Codec.toTree(POLICY)));

        EventEnvelope back = roundTrip(e);

        assertThat(back).isEqualTo(e);
        assertThat(((ObjectApplied) back.data()).manifest()).isEqualTo(POLICY);
        assertThat(new String(Events.encode(e), StandardCharsets.UTF_8))
                .contains("\"type\":\"ObjectApplied\"").contains("\"data\":{\"verb\":\"created\",\"object\":{");
    }

    @Test
    void objectDeletedRoundTrips() {
        EventEnvelope e = EventEnvelope.of("/namespaces/shop", 3, T, "c-2", null, new ObjectDeleted("Namespace", "shop"));
        assertThat(roundTrip(e)).isEqualTo(e);
    }

    @Test
    void podStartedWithoutAnAddressStillReads() {
        byte[] old = ("{\"type\":\"PodStarted\",\"eventId\":\"default/web@4\",\"aggregate\":\"default/web\","
                + "\"sequence\":4,\"data\":{\"pod\":\"web-1-a\",\"replicaSet\":\"web-1\",\"node\":\"node-1\"}}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(Events.decode(old).data()).isEqualTo(new PodStarted("web-1-a", "web-1", "node-1"));
    }

    @Test
    void podStartedWithAddressesRoundTrips() {
        PodStarted started = new PodStarted("web-1-a", "web-1", "node-2", "10.244.2.2",
                List.of(new NetworkInterface("shop/br-net", "net1", "10.10.1.20")));
        EventEnvelope e = EventEnvelope.of("shop/web", 4, T, "c-3", "kubelet", started);

        assertThat(roundTrip(e).data()).isEqualTo(started);
    }

    @Test
    void applyOfANetworkPolicyDecodesAndMustTargetOne() {
        CommandEnvelope ok = CommandEnvelope.of("c-4", ObjectRef.networkPolicy("shop", "deny"), T, "alice", null,
                new Apply(POLICY));
        assertThat(Commands.decode(Commands.encode(ok), T)).isEqualTo(ok);

        CommandEnvelope wrong = CommandEnvelope.of("c-5", ObjectRef.deployment("shop", "deny"), T, "alice", null,
                new Apply(POLICY));
        assertThatThrownBy(() -> Commands.decode(Commands.encode(wrong), T)).isInstanceOf(MalformedCommand.class)
                .hasMessage("the manifest is a NetworkPolicy but the target is a Deployment");
    }

    @Test
    void aReportWithoutAddressesStillReads() {
        byte[] old = ("{\"commandId\":\"k-1\",\"type\":\"ReportPod\",\"target\":{\"kind\":\"Deployment\","
                + "\"namespace\":\"default\",\"name\":\"web\"},\"payload\":{\"pod\":\"web-1-a\",\"phase\":\"Running\","
                + "\"node\":\"node-1\"}}").getBytes(StandardCharsets.UTF_8);

        assertThat(Commands.decode(old, T).payload()).isEqualTo(new ReportPod("web-1-a", "Running", "node-1", null));
    }
}
