package io.rollbook.infra.kafka;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.Delete;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored network object survives an engine restart: its aggregate is rebuilt from
 * {@code rollbook.events} when the partition is assigned again, so applying it once more is
 * "unchanged" and deleting it works.
 */
class NetworkObjectRestartIntegrationTest {

    static final ObjectRef DENY = ObjectRef.networkPolicy("shop", "default-deny-ingress");
    static final ObjectRef SHOP = ObjectRef.namespace("shop");

    @TempDir
    Path dir;

    static KubeObject example(String file) throws Exception {
        return Manifests.parse(Files.readString(Path.of("..", "..", "examples", "network", file))).get(0);
    }

    @Test
    void anAppliedPolicyIsStillThereAfterARestart() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0);
             EngineHarness h = new EngineHarness(broker.bootstrapServers())) {
            assertThat(h.send(SHOP, new Apply(example("namespace.yaml"))).message()).isEqualTo("namespace/shop created");
            assertThat(h.send(DENY, new Apply(example("default-deny.yaml"))).message())
                    .isEqualTo("networkpolicy.networking.k8s.io/default-deny-ingress created");

            h.stopEngine();
            h.startEngine("harness");

            Outcome again = h.send(DENY, new Apply(example("default-deny.yaml")));
            assertThat(again.status()).isEqualTo(Outcome.Status.Unchanged);
            assertThat(h.send(SHOP, new Apply(example("namespace.yaml"))).status()).isEqualTo(Outcome.Status.Unchanged);
            assertThat(h.send(DENY, new Delete()).message())
                    .isEqualTo("networkpolicy.networking.k8s.io \"default-deny-ingress\" deleted");
            EngineHarness.assertExactlyOnce(h.events());
        }
    }
}
