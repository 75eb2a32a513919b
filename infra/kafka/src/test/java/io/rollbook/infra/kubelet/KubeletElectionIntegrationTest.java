package io.rollbook.infra.kubelet;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.engine.network.PodNetwork;
import io.rollbook.infra.broker.EmbeddedBroker;
import io.rollbook.infra.kafka.CommandClient;
import io.rollbook.infra.kafka.CommandLoop;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kafka.ReadToEnd;
import io.rollbook.infra.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With several instances, one kubelet stand-in drives the pods: the elected one. A planned stop hands
 * the role over at once, and a producer refused with OUT_OF_ORDER_SEQUENCE_NUMBER is replaced and
 * the reports sent again, so the rollout goes on.
 */
class KubeletElectionIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final Stages FAST = new Stages(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(50), 0.2,
            null, 7);
    static final PodNetwork NETWORK = PodNetwork.defaults(FAST.nodes());

    @TempDir
    static Path dir;
    static EmbeddedBroker broker;
    static KafkaSettings kafka;
    static final Topics topics = Topics.defaults();
    static CommandLoop engine;
    static final List<Thread> threads = new ArrayList<>();

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start(dir.resolve("kafka"), 0);
        kafka = KafkaSettings.of(broker.bootstrapServers());
        try (Admin admin = kafka.admin("test-admin")) {
            topics.ensure(admin);
        }
        engine = new CommandLoop(kafka, topics, "election-test", EngineListener.NONE);
        run("engine", engine);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        engine.close();
        for (Thread t : threads) {
            t.join(20_000);
        }
        broker.close();
    }

    static void run(String name, Runnable r) {
        Thread t = new Thread(r, name);
        threads.add(t);
        t.start();
    }

    static Deployment nginx(String name) throws Exception {
        Deployment d = (Deployment) Manifests.parse(Files.readString(Path.of("..", "..", "examples",
                "nginx-deployment.yaml"))).get(0);
        return d.withMetadata(d.metadata().withName(name));
    }

    static void applyAndAwaitRollout(String name) throws Exception {
        ObjectRef target = ObjectRef.deployment("default", name);
        try (CommandClient client = new CommandClient(kafka, topics, "test-client")) {
            Outcome o = client.send(CommandEnvelope.of(UUID.randomUUID().toString(), target, Instant.now(), "tester",
                    null, new Apply(nginx(name))), WAIT);
            assertThat(o.status()).isEqualTo(Outcome.Status.Accepted);
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> events().stream()
                .anyMatch(e -> e.aggregate().equals(target.aggregateId()) && e.data() instanceof RolloutCompleted));
    }

    static List<EventEnvelope> events() {
        List<EventEnvelope> out = new ArrayList<>();
        ReadToEnd.readAll(kafka, "test-reader", topics.events(), r -> out.add(Events.decode(r.value())));
        return out;
    }

    @Test
    void oneOfTwoKubeletsDrivesThePodsAndAPlannedStopHandsOverAtOnce() throws Exception {
        KubeletRunner a = KubeletRunner.elected(kafka, topics, FAST, NETWORK, Clock.systemUTC(), "a");
        KubeletRunner b = KubeletRunner.elected(kafka, topics, FAST, NETWORK, Clock.systemUTC(), "b");
        run("kubelet-a", a);
        run("kubelet-b", b);
        try {
            await().atMost(WAIT).until(() -> a.elected() ^ b.elected());
            KubeletRunner first = a.elected() ? a : b;
            KubeletRunner second = first == a ? b : a;

            applyAndAwaitRollout("web-1");
            assertThat(first.sent()).as("the elected one drives every pod").isPositive();
            assertThat(second.sent()).as("the other sends nothing").isZero();

            first.close(); // a planned stop: its member leaves the group, the other is elected without waiting
            await().atMost(WAIT).until(second::elected);
            applyAndAwaitRollout("web-2");
            assertThat(second.sent()).isPositive();
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aProducerRefusedWithOutOfOrderSequenceIsReplacedAndTheReportsSentAgain() throws Exception {
        AtomicInteger producers = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        KubeletRunner kubelet = new KubeletRunner(kafka, topics, FAST, NETWORK, Clock.systemUTC(), () -> {
            // the first producer is refused on every send, as a broker refuses a sequence it lost
            boolean refusing = producers.getAndIncrement() == 0;
            Properties props = new Properties();
            props.put("bootstrap.servers", kafka.bootstrapServers());
            props.put("enable.idempotence", "true");
            props.put("acks", "all");
            return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()) {
                @Override
                public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
                    if (refusing) {
                        refused.incrementAndGet();
                        OutOfOrderSequenceException e = new OutOfOrderSequenceException(
                                "The broker received an out of order sequence number.");
                        callback.onCompletion(null, e);
                        return CompletableFuture.failedFuture(e);
                    }
                    return super.send(record, callback);
                }
            };
        }, null);
        run("kubelet-oos", kubelet);
        try {
            applyAndAwaitRollout("web-oos");
            // How many sends reach the refusing producer before it is replaced depends on how many are
            // in flight; what holds is that it was refused, replaced, and the rollout still completed.
            assertThat(refused.get()).as("sends the first producer refused").isPositive();
            assertThat(producers.get()).as("replaced after the refusal").isGreaterThanOrEqualTo(2);
        } finally {
            kubelet.close();
        }
    }
}
