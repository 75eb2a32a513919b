package io.rollbook.infra.kafka;

import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.ReplicaSetScaled;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.command.Apply;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Stop the engine mid-rollout, start it again: the rollout completes and no event is there twice. */
class EngineRestartIntegrationTest {

    static final ObjectRef NGINX = ObjectRef.deployment("default", "nginx-deployment");

    @TempDir
    Path dir;

    @Test
    void aRolloutInterruptedByARestartCompletesWithNoEventTwice() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0);
             EngineHarness h = new EngineHarness(broker.bootstrapServers())) {
            assertThat(h.send(NGINX, new Apply(EngineHarness.example("nginx-deployment.yaml"))).status())
                    .isEqualTo(Outcome.Status.Accepted);
            h.send(NGINX, new Scale(10));
            h.awaitEvent(NGINX, e -> e.data() instanceof RolloutCompleted);
            h.send(NGINX, new SetImage(Map.of("nginx", "nginx:1.16.1")));
            // mid-rollout: the new ReplicaSet has grown at least once
            h.awaitEvent(NGINX, e -> e.data() instanceof ReplicaSetScaled s && s.from() > 0 && s.to() > s.from()
                    && !s.replicaSet().equals(firstReplicaSet(h.events())));

            h.stopEngine();
            h.startEngine("harness");

            List<EventEnvelope> log = h.awaitEvent(NGINX,
                    e -> e.data() instanceof RolloutCompleted c && c.revision() == 2);
            EngineHarness.assertExactlyOnce(h.events());
            assertThat(log.stream().filter(e -> e.data() instanceof RolloutCompleted).count()).isEqualTo(2);
        }
    }

    private static String firstReplicaSet(List<EventEnvelope> log) {
        return log.stream().filter(e -> e.data() instanceof io.rollbook.api.event.ReplicaSetCreated)
                .map(e -> ((io.rollbook.api.event.ReplicaSetCreated) e.data()).replicaSet().name())
                .findFirst().orElseThrow();
    }
}
