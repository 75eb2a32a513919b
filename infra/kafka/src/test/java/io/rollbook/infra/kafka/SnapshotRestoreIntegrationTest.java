package io.rollbook.infra.kafka;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.event.KubeEventRecorded;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.state.Snapshots;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.broker.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restores against a real broker: an engine that snapshots after every batch rolls a Deployment
 * out; then each restore must equal the fold of the whole log, reading only the tail after a
 * trusted snapshot, and the whole log when the snapshot is missing, corrupt, of an unknown version,
 * older than the events' log start (deleteRecords), or when the newest snapshot transaction was
 * aborted half-way (a kill during a snapshot write: the one before stands).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotRestoreIntegrationTest {

    static final ObjectRef NGINX = ObjectRef.deployment("default", "nginx-deployment");

    @TempDir
    static Path dir;
    static EmbeddedBroker broker;
    static EngineHarness h;
    static int partition;
    static int replicas = 5;

    @BeforeAll
    static void rollOutWithSnapshotsAfterEveryBatch() throws Exception {
        broker = EmbeddedBroker.start(dir, 0);
        h = new EngineHarness(broker.bootstrapServers(), 1, EngineListener.NONE,
                new SnapshotPolicy(1, Duration.ofMillis(100)));
        assertThat(h.send(NGINX, new Apply(EngineHarness.example("nginx-deployment.yaml"))).status())
                .isEqualTo(Outcome.Status.Accepted);
        h.awaitEvent(NGINX, e -> e.data() instanceof RolloutCompleted);
        h.send(NGINX, new Scale(5));
        h.awaitEvent(NGINX, e -> e.data() instanceof io.rollbook.api.event.DeploymentStatusChanged s
                && s.status() != null && s.status().readyReplicas() == 5);
        h.stopEngine();
        partition = Partitions.of(NGINX.key(), Topics.DEFAULT_PARTITIONS);
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
        broker.close();
    }

    @Test
    @Order(1)
    void aTrustedSnapshotIsReadAndOnlyTheTailAfterIt() {
        Restored r = restore();
        assertThat(r.events.get(partition)).as("events read after the snapshot").isLessThan(eventsIn(partition));
        assertThat(r.state).isEqualTo(wholeLog());
    }

    @Test
    @Order(2)
    void anAbortedSnapshotTransactionLeavesTheOneBefore() {
        try (KafkaProducer<String, byte[]> producer = h.kafka.transactionalProducer("test-half-snapshot")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(h.topics.snapshots(), partition,
                    SnapshotWriter.aggregateKey(partition, NGINX.aggregateId()), new byte[]{1, 2, 3}));
            producer.send(new ProducerRecord<>(h.topics.snapshots(), partition, SnapshotWriter.markerKey(partition),
                    Snapshots.encode(new Snapshots.PartitionSnapshot(partition, 0, 7))));
            producer.flush();
            producer.abortTransaction(); // as if the writer was killed before it committed
        }
        Restored r = restore();
        assertThat(r.events.get(partition)).isLessThan(eventsIn(partition));
        assertThat(r.state).isEqualTo(wholeLog());
    }

    @Test
    @Order(3)
    void aSnapshotOfAnUnknownVersionIsIgnored() {
        byte[] marker = latestMarker();
        ByteBuffer.wrap(marker).putShort(4, (short) 99);
        writeMarker(marker);
        assertReadInFull();
    }

    @Test
    @Order(4)
    void aCorruptSnapshotIsIgnored() {
        rewriteValidSnapshot();
        byte[] marker = latestMarker();
        marker[marker.length - 3] ^= 0x01;
        writeMarker(marker);
        assertReadInFull();
    }

    @Test
    @Order(5)
    void aMissingSnapshotMeansTheWholeLog() {
        writeMarker(null); // a tombstone: the partition's snapshot is gone
        assertReadInFull();
    }

    @Test
    @Order(6)
    void aSnapshotOlderThanTheLogStartIsIgnored() throws Exception {
        rewriteValidSnapshot();
        long covered = Snapshots.decodePartition(latestMarker()).offset();
        appendEvent(); // one event after the snapshot, then the log cut after it: its start is past the snapshot
        long end = endOffset(partition);
        try (Admin admin = h.kafka.admin("test-delete")) {
            admin.deleteRecords(Map.of(new TopicPartition(h.topics.events(), partition),
                    RecordsToDelete.beforeOffset(covered + 1))).all().get();
        }
        Restored r = restore();
        assertThat(r.events.get(partition)).as("the whole log that is left").isEqualTo(eventsIn(partition));
        assertThat(eventsIn(partition)).isLessThanOrEqualTo(end - covered - 1);
        assertThat(r.state).isEqualTo(wholeLog());
    }

    /** A fresh engine takes the partitions, runs a command, snapshots and stops: the latest snapshot is valid again. */
    private static void rewriteValidSnapshot() {
        try {
            h.startEngine("harness", 1, EngineListener.NONE);
            assertThat(h.send(NGINX, new Scale(++replicas)).status()).isEqualTo(Outcome.Status.Accepted);
            org.awaitility.Awaitility.await().atMost(EngineHarness.WAIT).until(() -> {
                try {
                    return Snapshots.decodePartition(latestMarker()) != null;
                } catch (Snapshots.Unreadable e) {
                    return false;
                }
            });
            h.stopEngine();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertReadInFull() {
        Restored r = restore();
        assertThat(r.events.get(partition)).as("the whole log").isEqualTo(eventsIn(partition));
        assertThat(r.state).isEqualTo(wholeLog());
    }

    record Restored(Map<Integer, Long> events, Map<String, com.fasterxml.jackson.databind.JsonNode> state) {
    }

    /** Every partition restored as a new owner restores it. */
    private static Restored restore() {
        Map<Integer, Long> events = new HashMap<>();
        EngineListener listener = new EngineListener() {
            @Override
            public void restored(int p, long e, long outcomes) {
                events.put(p, e);
            }
        };
        AggregateStates states = new AggregateStates();
        Set<Integer> all = IntStream.range(0, Topics.DEFAULT_PARTITIONS).boxed().collect(Collectors.toSet());
        try (OutcomeLog outcomes = OutcomeLog.of(h.kafka, h.topics.outcomes(), "test-restore-outcomes")) {
            new PartitionRestore(h.kafka, h.topics, "test-restore", listener, Clock.systemUTC())
                    .restore(all, states, new ProcessedCommands(Duration.ofDays(7), 1000, outcomes, EngineListener.NONE));
        }
        return new Restored(events, statesOf(states));
    }

    /** Every aggregate folded from every event the log has. */
    private static Map<String, com.fasterxml.jackson.databind.JsonNode> wholeLog() {
        AggregateStates states = new AggregateStates();
        ReadToEnd.readAll(h.kafka, "test-fold", h.topics.events(), r -> {
            EventEnvelope e = Events.decode(r.value());
            states.load(r.partition(), e.aggregate(), e.sequence(), e.data(), e.time() == null ? Instant.EPOCH : e.time());
        });
        return statesOf(states);
    }

    private static Map<String, com.fasterxml.jackson.databind.JsonNode> statesOf(AggregateStates states) {
        Map<String, com.fasterxml.jackson.databind.JsonNode> out = new java.util.TreeMap<>();
        for (int p = 0; p < Topics.DEFAULT_PARTITIONS; p++) {
            for (String a : states.aggregatesOf(p)) {
                out.put(a, Codec.toTree(states.snapshotOf(a, 0)));
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private static long eventsIn(int p) {
        long[] n = {0};
        ReadToEnd.readAll(h.kafka, "test-count", List.of(new TopicPartition(h.topics.events(), p)), r -> n[0]++);
        return n[0];
    }

    private static long endOffset(int p) {
        try (KafkaConsumer<String, byte[]> c = h.kafka.consumer(ClientRole.COMMITTED_READER, "test-end")) {
            TopicPartition tp = new TopicPartition(h.topics.events(), p);
            return c.endOffsets(List.of(tp)).get(tp);
        }
    }

    private static byte[] latestMarker() {
        AtomicReference<byte[]> latest = new AtomicReference<>();
        ReadToEnd.readAll(h.kafka, "test-snapshots", List.of(new TopicPartition(h.topics.snapshots(), partition)), r -> {
            if (SnapshotWriter.markerKey(partition).equals(r.key())) {
                latest.set(r.value());
            }
        });
        return latest.get();
    }

    private static void writeMarker(byte[] value) {
        try (KafkaProducer<String, byte[]> producer = h.kafka.producer(ClientRole.COMMAND_PRODUCER, "test-marker",
                Map.of())) {
            producer.send(new ProducerRecord<>(h.topics.snapshots(), partition, SnapshotWriter.markerKey(partition),
                    value));
        }
    }

    /** One more event of the Deployment's, written as the engine writes them. */
    private static void appendEvent() {
        long next = wholeLogSequence() + 1;
        try (KafkaProducer<String, byte[]> producer = h.kafka.transactionalProducer("test-append")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(h.topics.events(), partition, NGINX.aggregateId(),
                    Events.encode(EventEnvelope.of(NGINX.aggregateId(), next, Instant.now(), "test", null,
                            new KubeEventRecorded("Normal", "Test", "after the snapshot")))));
            producer.commitTransaction();
        }
    }

    private static long wholeLogSequence() {
        TreeSet<Long> sequences = new TreeSet<>();
        ReadToEnd.readAll(h.kafka, "test-seq", h.topics.events(), r -> {
            EventEnvelope e = Events.decode(r.value());
            if (e.aggregate().equals(NGINX.aggregateId())) {
                sequences.add(e.sequence());
            }
        });
        return sequences.last();
    }
}
