package io.rollbook.infra.kafka;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.event.Events;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.value.ObjectRef;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded broker with SASL/SCRAM and the standard authorizer, Rollbook's ACLs applied by the
 * broker's super user: the engine works under its own principal, a client may send a command and
 * read its outcome, and the broker refuses a client's append to the event log and its use of an
 * engine's transactional id.
 */
class KafkaAclsIntegrationTest {

    @TempDir
    static Path dir;
    static EmbeddedKafka broker;
    static KafkaSettings engine;
    static KafkaSettings client;
    static Topics topics = Topics.defaults();
    static CommandLoop loop;
    static Thread thread;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafka.start(dir.resolve("kafka"), 0,
                Map.of(EmbeddedKafka.SUPER_USER, "broker-secret", "engine", "engine-secret", "client", "client-secret"));
        KafkaSettings admin = new KafkaSettings(broker.bootstrapServers(),
                EmbeddedKafka.scramClient(EmbeddedKafka.SUPER_USER, "broker-secret"));
        try (Admin a = admin.admin("test-admin")) {
            new KafkaAcls(topics, "User:engine", "User:client").apply(a, Duration.ofSeconds(30));
        }
        engine = new KafkaSettings(broker.bootstrapServers(), EmbeddedKafka.scramClient("engine", "engine-secret"));
        client = new KafkaSettings(broker.bootstrapServers(), EmbeddedKafka.scramClient("client", "client-secret"));
        try (Admin a = engine.admin("engine-topics")) {
            topics.ensure(a); // the engine creates its own topics
        }
        loop = new CommandLoop(engine, topics, "acl-test", EngineListener.NONE);
        thread = new Thread(loop, "engine");
        thread.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (loop != null) {
            loop.close();
            thread.join(10_000);
        }
        broker.close();
    }

    @Test
    void aClientSendsACommandAndReadsItsOutcome() throws Exception {
        var nginx = Manifests.parse(Files.readString(Path.of("..", "..", "examples", "nginx-deployment.yaml"))).get(0);
        ObjectRef target = ObjectRef.deployment("default", "nginx-deployment");
        try (CommandClient commands = new CommandClient(client, topics, "acl-client")) {
            Outcome applied = commands.send(command(target, new Apply(nginx)), Duration.ofSeconds(60));
            // The engine read the command, appended the events and wrote the outcome under its principal.
            assertThat(applied.status()).isEqualTo(Outcome.Status.Accepted);
            Outcome scaled = commands.send(command(target, new Scale(5)), Duration.ofSeconds(60));
            assertThat(scaled.status()).isEqualTo(Outcome.Status.Accepted);
        }
        List<String> types = new ArrayList<>();
        ReadToEnd.readAll(client, "acl-events", topics.events(), r -> types.add(Events.decode(r.value()).aggregate()));
        assertThat(types).contains(target.aggregateId());
    }

    private static CommandEnvelope command(ObjectRef target, CommandPayload payload) {
        return CommandEnvelope.of(UUID.randomUUID().toString(), target, Instant.now(), "tester", null, payload);
    }

    @Test
    void theBrokerRefusesAClientsAppendToTheEventLog() {
        try (KafkaProducer<String, byte[]> producer = client.producer(ClientRole.COMMAND_PRODUCER, "forger",
                Map.of("max.block.ms", "20000"))) {
            ProducerRecord<String, byte[]> forged = new ProducerRecord<>(topics.events(), "default/web",
                    "{\"type\":\"DeploymentDeleted\"}".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> producer.send(forged).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aClientCannotUseAnEnginesTransactionalId() {
        try (KafkaProducer<String, byte[]> producer = client.producer(ClientRole.ENGINE_PRODUCER, "impostor",
                Map.of("transactional.id", KafkaAcls.ENGINE_TRANSACTIONAL_PREFIX + "acl-test", "max.block.ms", "20000"))) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
    }
}
