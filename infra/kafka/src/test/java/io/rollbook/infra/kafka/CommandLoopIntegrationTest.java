package io.rollbook.infra.kafka;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Pause;
import io.rollbook.api.command.Scale;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.broker.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine against a real Kafka broker started in-process: commands in, outcomes out. */
class CommandLoopIntegrationTest {

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

    private static CommandEnvelope command(String name, CommandPayload payload) {
        return CommandEnvelope.of(UUID.randomUUID().toString(), ObjectRef.deployment("default", name),
                Instant.now(), "tester", null, payload);
    }

    @Test
    void appliesScalesAndRejectsThroughKafka() throws Exception {
        var nginx = Manifests.parse(Files.readString(Path.of("..", "..", "examples", "nginx-deployment.yaml"))).get(0);
        try (CommandClient client = new CommandClient(kafka, topics, "test-client")) {
            Outcome created = client.send(command("nginx-deployment", new Apply(nginx)), Duration.ofSeconds(60));
            assertThat(created.status()).isEqualTo(Outcome.Status.Accepted);
            assertThat(created.message()).isEqualTo("deployment.apps/nginx-deployment created");
            assertThat(created.eventCount()).isGreaterThan(3);

            Outcome scaled = client.send(command("nginx-deployment", new Scale(5)), Duration.ofSeconds(30));
            assertThat(scaled.message()).isEqualTo("deployment.apps/nginx-deployment scaled");

            Outcome unknown = client.send(command("nope", new Pause()), Duration.ofSeconds(30));
            assertThat(unknown.status()).isEqualTo(Outcome.Status.Rejected);
            assertThat(unknown.message()).isEqualTo("deployments.apps \"nope\" not found");
            assertThat(unknown.reason()).isEqualTo(Outcome.Reason.NotFound); // written by the loop, read back

            CommandEnvelope again = command("nginx-deployment", new Pause());
            assertThat(client.send(again, Duration.ofSeconds(30)).message())
                    .isEqualTo("deployment.apps/nginx-deployment paused");
            // the same commandId again: not applied twice, the first outcome again
            Outcome repeated = client.send(again, Duration.ofSeconds(30));
            assertThat(repeated.status()).isEqualTo(Outcome.Status.Accepted);
            assertThat(repeated.message()).isEqualTo("deployment.apps/nginx-deployment paused");
        }
    }
}
