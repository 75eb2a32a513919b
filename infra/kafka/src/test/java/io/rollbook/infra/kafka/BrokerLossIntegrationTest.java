package io.rollbook.infra.kafka;

import io.rollbook.api.command.Apply;
import io.rollbook.api.command.Scale;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.event.ReplicaSetScaled;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/** The broker stops mid-rollout and comes back: the engine reconnects by itself and loses nothing. */
class BrokerLossIntegrationTest {

    static final ObjectRef NGINX = ObjectRef.deployment("default", "nginx-deployment");

    @TempDir
    Path dir;

    @Test
    void aBrokerOutageDelaysTheRolloutButLosesNothing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedBroker broker = EmbeddedBroker.start(dir, port);
        try (EngineHarness h = new EngineHarness(broker.bootstrapServers())) {
            h.send(NGINX, new Apply(EngineHarness.example("nginx-deployment.yaml")));
            h.send(NGINX, new Scale(10));
            h.awaitEvent(NGINX, e -> e.data() instanceof RolloutCompleted);
            h.send(NGINX, new SetImage(Map.of("nginx", "nginx:1.16.1")));
            h.awaitEvent(NGINX, e -> e.data() instanceof ReplicaSetScaled s && s.to() > s.from() && s.from() > 0);

            broker.close();
            Thread.sleep(3_000); // the outage: engine and kubelet keep trying
            broker = EmbeddedBroker.start(dir, port);

            h.awaitEvent(NGINX, e -> e.data() instanceof RolloutCompleted c && c.revision() == 2);
            EngineHarness.assertExactlyOnce(h.events());
        } finally {
            broker.close();
        }
    }
}
