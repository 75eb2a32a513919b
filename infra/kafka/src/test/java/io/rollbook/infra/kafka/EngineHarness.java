package io.rollbook.infra.kafka;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.kubelet.KubeletRunner;
import org.apache.kafka.clients.admin.Admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The engine and a fast kubelet stand-in against any Kafka, for integration tests. */
final class EngineHarness implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final Stages FAST = new Stages(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(50), 0.2,
            List.of("node-1", "node-2", "node-3"), 7);

    final KafkaSettings kafka;
    final Topics topics = Topics.defaults();
    private final List<CommandLoop> engines = new ArrayList<>();
    private final List<Thread> engineThreads = new ArrayList<>();
    private final SnapshotPolicy snapshots;
    private final KubeletRunner kubelet;
    private final Thread kubeletThread;

    EngineHarness(String bootstrapServers) {
        this(bootstrapServers, 1, EngineListener.NONE);
    }

    /** With {@code workers} command loops in the engine, each reporting to {@code listener}. */
    EngineHarness(String bootstrapServers, int workers, EngineListener listener) {
        this(bootstrapServers, workers, listener, SnapshotPolicy.DEFAULT);
    }

    /** With {@code workers} command loops, each reporting to {@code listener} and writing snapshots as {@code snapshots} says. */
    EngineHarness(String bootstrapServers, int workers, EngineListener listener, SnapshotPolicy snapshots) {
        this.snapshots = snapshots;
        this.kafka = KafkaSettings.of(bootstrapServers);
        try (Admin admin = kafka.admin("test-admin")) {
            topics.ensure(admin);
        }
        startEngine("harness", workers, listener);
        kubelet = new KubeletRunner(kafka, topics, FAST, Clock.systemUTC());
        kubeletThread = new Thread(kubelet, "kubelet");
        kubeletThread.start();
    }

    void startEngine(String instanceId) {
        startEngine(instanceId, 1, EngineListener.NONE);
    }

    void startEngine(String instanceId, int workers, EngineListener listener) {
        for (int w = 0; w < workers; w++) {
            String id = CommandLoop.workerId(instanceId, w);
            CommandLoop engine = new CommandLoop(kafka, topics, id, listener, snapshots);
            Thread thread = new Thread(engine, "engine-" + id);
            thread.start();
            engines.add(engine);
            engineThreads.add(thread);
        }
    }

    void stopEngine() throws InterruptedException {
        engines.forEach(CommandLoop::close);
        for (Thread t : engineThreads) {
            t.join(20_000);
        }
        engines.clear();
        engineThreads.clear();
    }

    static KubeObject example(String file) throws Exception {
        return Manifests.parse(Files.readString(Path.of("..", "..", "examples", file))).get(0);
    }

    Outcome send(ObjectRef target, CommandPayload payload) throws Exception {
        return send(UUID.randomUUID().toString(), target, payload);
    }

    /** Sends under {@code commandId} and awaits the outcome written after the send. */
    Outcome send(String commandId, ObjectRef target, CommandPayload payload) throws Exception {
        try (CommandClient client = new CommandClient(kafka, topics, "test-client")) {
            return client.send(CommandEnvelope.of(commandId, target, Instant.now(), "tester", null, payload), WAIT);
        }
    }

    /** Every committed event, in log order per partition. */
    List<EventEnvelope> events() {
        List<EventEnvelope> out = new ArrayList<>();
        ReadToEnd.readAll(kafka, "test-reader", topics.events(), r -> out.add(Events.decode(r.value())));
        return out;
    }

    List<EventEnvelope> awaitEvent(ObjectRef target, Predicate<EventEnvelope> match) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> of(events(), target),
                log -> log.stream().anyMatch(match));
    }

    static List<EventEnvelope> of(List<EventEnvelope> log, ObjectRef target) {
        return log.stream().filter(e -> e.aggregate().equals(target.aggregateId())).toList();
    }

    /** Exactly once in the log: sequences from 0, no gap, no duplicate, per aggregate. */
    static void assertExactlyOnce(List<EventEnvelope> log) {
        Map<String, Long> next = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (EventEnvelope e : log) {
            assertThat(ids.add(e.eventId())).as("event %s appears once", e.eventId()).isTrue();
            long expected = next.getOrDefault(e.aggregate(), 0L);
            assertThat(e.sequence()).as("sequence of %s", e.aggregate()).isEqualTo(expected);
            next.put(e.aggregate(), expected + 1);
        }
    }

    @Override
    public void close() throws Exception {
        kubelet.close();
        stopEngine();
        kubeletThread.join(20_000);
    }
}
