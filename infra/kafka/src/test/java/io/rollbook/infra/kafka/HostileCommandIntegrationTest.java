package io.rollbook.infra.kafka;

import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.broker.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile records on the command topic, through the real engine: each goes to the dead-letter topic
 * with its reason in {@code rollbook.error}, gets a Rejected outcome when its commandId is readable,
 * appends no event, and the engine serves the next valid command.
 */
class HostileCommandIntegrationTest {

    static final ObjectRef WEB = ObjectRef.deployment("default", "web");
    static final String T = "\"target\":{\"kind\":\"Deployment\",\"namespace\":\"default\",\"name\":\"web\"}";

    record Hostile(String label, byte[] value, String commandId, String reason) {
        static Hostile of(String label, String json, String commandId, String reason) {
            return new Hostile(label, json == null ? null : json.getBytes(StandardCharsets.UTF_8), commandId, reason);
        }
    }

    @TempDir
    Path dir;

    @Test
    void everyHostileRecordIsDeadLetteredWithItsReasonAndTheEngineKeepsServing() throws Exception {
        List<Hostile> catalogue = List.of(
                new Hostile("raw bytes", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2}, null, "not JSON: "),
                Hostile.of("a tombstone", null, null, "a command must be a JSON object"),
                Hostile.of("not JSON", "hello", null, "not JSON: invalid character at line 1, column 1"),
                Hostile.of("commandId a number", "{\"commandId\":5}", null, "\"commandId\" must be a string"),
                Hostile.of("unknown type", "{\"commandId\":\"x-1\",\"type\":\"Frob\"," + T + "}", "x-1",
                        "unknown command type \"Frob\""),
                Hostile.of("replicas text", "{\"commandId\":\"x-2\",\"type\":\"Scale\"," + T
                        + ",\"payload\":{\"replicas\":\"abc\"}}", "x-2", "\"payload.replicas\" must be an int32, was \"abc\""),
                Hostile.of("replicas beyond int32", "{\"commandId\":\"x-3\",\"type\":\"Scale\"," + T
                        + ",\"payload\":{\"replicas\":3000000000}}", "x-3", "must be an int32, was 3000000000"),
                Hostile.of("image a number", "{\"commandId\":\"x-4\",\"type\":\"SetImage\"," + T
                        + ",\"payload\":{\"images\":{\"nginx\":5}}}", "x-4", "invalid payload for SetImage"),
                Hostile.of("ReplicaSet manifest for a Deployment", "{\"commandId\":\"x-5\",\"type\":\"Apply\"," + T
                        + ",\"payload\":{\"manifest\":{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\","
                        + "\"metadata\":{\"name\":\"web\"}}}}", "x-5",
                        "the manifest is a ReplicaSet but the target is a Deployment"),
                Hostile.of("deeply nested", "{\"commandId\":\"x-6\",\"type\":\"Pause\"," + T + ",\"payload\":{\"x\":"
                        + "[".repeat(3000) + "]".repeat(3000) + "}}", null, "not JSON: it nests deeper than 100 levels"));

        Topics topics = Topics.defaults();
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0)) {
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
            try (Admin admin = kafka.admin("test-admin")) {
                topics.ensure(admin);
            }
            CommandLoop loop = new CommandLoop(kafka, topics, "hostile", EngineListener.NONE);
            Thread engine = new Thread(loop, "engine");
            engine.start();
            try (CommandClient client = new CommandClient(kafka, topics, "test-client");
                 KafkaProducer<String, byte[]> raw = kafka.producer(ClientRole.COMMAND_PRODUCER, "test-raw");
                 KafkaConsumer<String, byte[]> dead = deadLetters(kafka, topics)) {
                var nginx = (io.rollbook.api.manifest.Deployment) EngineHarness.example("nginx-deployment.yaml");
                assertThat(client.send(command(new Apply(nginx.withMetadata(nginx.metadata().withName("web")))),
                        EngineHarness.WAIT).status()).isEqualTo(Outcome.Status.Accepted);
                int replicas = 1;
                for (Hostile h : catalogue) {
                    raw.send(new ProducerRecord<>(topics.commands(), WEB.key(), h.value())).get();

                    ConsumerRecord<String, byte[]> letter = nextDeadLetter(dead);
                    String error = new String(letter.headers().lastHeader("rollbook.error").value(), StandardCharsets.UTF_8);
                    assertThat(error).as(h.label()).contains(h.reason());
                    assertThat(letter.headers().lastHeader("rollbook.source.offset")).as(h.label()).isNotNull();
                    if (h.commandId() != null) {
                        Outcome rejected = client.await(h.commandId(), EngineHarness.WAIT);
                        assertThat(rejected.status()).as(h.label()).isEqualTo(Outcome.Status.Rejected);
                        assertThat(rejected.message()).as(h.label()).isEqualTo(error);
                        assertThat(rejected.reason()).as(h.label()).isEqualTo(Outcome.Reason.BadRequest);
                    }
                    Outcome next = client.send(command(new Scale(++replicas)), EngineHarness.WAIT);
                    assertThat(next.message()).as("served after " + h.label()).isEqualTo("deployment.apps/web scaled");
                }
                List<String> hostileIds = catalogue.stream().map(Hostile::commandId).filter(id -> id != null).toList();
                List<String> eventCommandIds = new ArrayList<>();
                ReadToEnd.readAll(kafka, "test-reader", topics.events(), r -> eventCommandIds.add(
                        io.rollbook.api.event.Events.decode(r.value()).commandId()));
                assertThat(eventCommandIds).isNotEmpty().doesNotContainAnyElementsOf(hostileIds);
            } finally {
                loop.close();
                engine.join(20_000);
            }
        }
    }

    private static CommandEnvelope command(io.rollbook.api.command.CommandPayload payload) {
        return CommandEnvelope.of(UUID.randomUUID().toString(), WEB, Instant.now(), "tester", null, payload);
    }

    private static KafkaConsumer<String, byte[]> deadLetters(KafkaSettings kafka, Topics topics) {
        KafkaConsumer<String, byte[]> c = kafka.consumer(ClientRole.COMMITTED_READER, "test-dead-letters");
        List<TopicPartition> all = ReadToEnd.partitionsOf(c, topics.deadletter());
        c.assign(all);
        c.seekToBeginning(all);
        return c;
    }

    private static final List<ConsumerRecord<String, byte[]>> PENDING = new ArrayList<>();

    private static ConsumerRecord<String, byte[]> nextDeadLetter(KafkaConsumer<String, byte[]> c) {
        Instant deadline = Instant.now().plus(EngineHarness.WAIT);
        while (PENDING.isEmpty() && Instant.now().isBefore(deadline)) {
            c.poll(Duration.ofMillis(200)).forEach(PENDING::add);
        }
        assertThat(PENDING).as("a dead letter within " + EngineHarness.WAIT).isNotEmpty();
        return PENDING.remove(0);
    }
}
