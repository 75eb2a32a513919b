package io.rollbook.infra.kafka;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Pause;
import io.rollbook.api.command.Resume;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.rollout.RolloutRecord;
import io.rollbook.api.rollout.RolloutRecords;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.broker.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rollbook.rollouts} on a real broker started in-process, read as a subscriber reads it
 * (read_committed): one record per transition, in the engine's transaction, none for a repeated command.
 */
class RolloutTopicIntegrationTest {

    /** This test's client writes to Kafka without the engine's seal: alice is what it claims. */
    private static final String CLAIMED = "alice (claimed, via Kafka)";

    @TempDir
    static Path dir;
    static EmbeddedBroker broker;
    static KafkaSettings kafka;
    static Topics topics = Topics.defaults();
    static CommandLoop loop;
    static Thread thread;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start(dir.resolve("kafka"), 0);
        kafka = KafkaSettings.of(broker.bootstrapServers());
        try (Admin admin = kafka.admin("test-admin")) {
            topics.ensure(admin);
        }
        loop = new CommandLoop(kafka, topics, "test-1", EngineListener.NONE);
        thread = new Thread(loop, "engine");
        thread.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        loop.close();
        thread.join(10_000);
        broker.close();
    }

    private static CommandEnvelope command(CommandPayload payload) {
        return CommandEnvelope.of(UUID.randomUUID().toString(), ObjectRef.deployment("default", "nginx-deployment"),
                Instant.now(), "alice", null, payload);
    }

    @Test
    void eachTransitionIsOneCommittedRecordKeyedByTheDeployment() throws Exception {
        var nginx = Manifests.parse(Files.readString(Path.of("..", "..", "examples", "nginx-deployment.yaml"))).get(0);
        try (CommandClient client = new CommandClient(kafka, topics, "test-client")) {
            assertThat(client.send(command(new Apply(nginx)), Duration.ofSeconds(60)).status())
                    .isEqualTo(Outcome.Status.Accepted);
            CommandEnvelope pause = command(new Pause());
            client.send(pause, Duration.ofSeconds(30));
            client.send(pause, Duration.ofSeconds(30)); // the same command again: answered, not applied twice
            client.send(command(new Resume()), Duration.ofSeconds(30));
            // no kubelet runs here, so revision 1 never completes: the new image supersedes it
            client.send(command(new SetImage(Map.of("nginx", "nginx:1.16.1"))), Duration.ofSeconds(30));
        }

        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        ReadToEnd.readAll(kafka, "test-rollouts-reader", topics.rollouts(), read::add);
        List<RolloutRecord> records = read.stream().map(r -> RolloutRecords.decode(r.value())).toList();

        assertThat(read).extracting(ConsumerRecord::key).containsOnly("default/nginx-deployment");
        assertThat(records).extracting(r -> r.transition() + " " + r.revision() + " " + r.reason() + " " + r.actor())
                .containsExactly("started 1 Apply " + CLAIMED, "paused 1 Pause " + CLAIMED, "resumed 1 Resume " + CLAIMED,
                        "superseded 1 NewerRevision " + CLAIMED, "started 2 SetImage " + CLAIMED);
        assertThat(records.get(4).images()).containsExactly("nginx:1.16.1");
        assertThat(records.get(4).relatedRevision()).isEqualTo(1L);
        assertThat(records).allSatisfy(r -> assertThat(r.version()).isEqualTo(1));
    }
}
