package io.rollbook.infra.kafka;

import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two command loops in one engine share the partitions, and every rollout still happens exactly once. */
class EngineWorkersIntegrationTest {

    @TempDir
    Path dir;

    @Test
    void twoWorkersSplitThePartitionsAndEveryRolloutCompletesExactlyOnce() throws Exception {
        Set<String> workersThatProcessed = ConcurrentHashMap.newKeySet();
        Set<String> workersThatRestored = ConcurrentHashMap.newKeySet();
        EngineListener listener = new EngineListener() {
            @Override
            public void restored(int partition, long events, long outcomes) {
                workersThatRestored.add(Thread.currentThread().getName());
            }

            @Override
            public void processed(CommandEnvelope command, Outcome outcome, Instant finishedAt) {
                workersThatProcessed.add(Thread.currentThread().getName());
            }
        };
        Deployment nginx = (Deployment) EngineHarness.example("nginx-deployment.yaml");
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0);
             EngineHarness h = new EngineHarness(broker.bootstrapServers(), 2, listener)) {
            await().atMost(EngineHarness.WAIT).until(() -> workersThatRestored.size() == 2);
            for (int i = 0; i < 12; i++) {
                ObjectRef target = ObjectRef.deployment("default", "web-" + i);
                Deployment d = nginx.withMetadata(nginx.metadata().withName("web-" + i));
                assertThat(h.send(target, new Apply(d)).status()).isEqualTo(Outcome.Status.Accepted);
                assertThat(h.send(target, new SetImage(Map.of("nginx", "nginx:1.16.1"))).status())
                        .isEqualTo(Outcome.Status.Accepted);
            }
            for (int i = 0; i < 12; i++) {
                h.awaitEvent(ObjectRef.deployment("default", "web-" + i),
                        e -> e.data() instanceof RolloutCompleted c && c.revision() == 2);
            }
            EngineHarness.assertExactlyOnce(h.events());
            assertThat(workersThatProcessed).as("both command loops got partitions")
                    .containsExactlyInAnyOrder("engine-harness", "engine-harness-w1");
        }
    }
}
