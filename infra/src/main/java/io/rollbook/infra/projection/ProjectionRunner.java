package io.rollbook.infra.projection;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.infra.broker.Topics;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds every committed event of {@code rollbook.events}, from the beginning, to a sink (the
 * projections). No consumer group: every instance of {@code up} folds the whole log.
 */
public final class ProjectionRunner implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);

    /** Where the events go, with their Kafka position. */
    @FunctionalInterface
    public interface Sink {
        void apply(EventEnvelope event, int partition, long offset);
    }

    private final KafkaSettings kafka;
    private final Topics topics;
    private final Sink sink;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong applied = new AtomicLong();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    /** The events topic's partitions once assigned: queries then need no metadata round trip. */
    private volatile List<TopicPartition> partitions;
    private Admin admin;

    public ProjectionRunner(KafkaSettings kafka, Topics topics, Sink sink) {
        this.kafka = kafka;
        this.topics = topics;
        this.sink = sink;
    }

    /** How many events have been folded so far. */
    public long applied() {
        return applied.get();
    }

    @Override
    public void run() {
        consumer = new KafkaConsumer<>(kafka.properties(Map.of("isolation.level", "read_committed",
                "enable.auto.commit", "false", "max.poll.records", "5000",
                "client.id", "rollbook-projections")), new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> tps = consumer.partitionsFor(topics.events()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(tps);
            partitions = tps;
            consumer.seekToBeginning(tps);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    apply(r);
                }
                for (TopicPartition tp : tps) {
                    positions.put(tp, consumer.position(tp));
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        EventEnvelope e;
        try {
            e = Events.decode(r.value());
        } catch (IllegalArgumentException ex) {
            LOG.warn("skipping unreadable event {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), ex.getMessage());
            return;
        }
        sink.apply(e, r.partition(), r.offset());
        applied.incrementAndGet();
    }

    /**
     * Waits until everything committed to the log before this call has been folded, so a query
     * answers with the effect of every command whose outcome the asker has seen (read your writes).
     *
     * @return false when {@code timeout} passed first (the answer may then be stale)
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        Map<TopicPartition, Long> end = endOffsets();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (end.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), -1L) >= e.getValue())) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    private synchronized Map<TopicPartition, Long> endOffsets() {
        if (admin == null) {
            admin = Admin.create(kafka.properties(Map.of("client.id", "rollbook-projections-freshness")));
        }
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (TopicPartition tp : eventPartitions()) {
                request.put(tp, OffsetSpec.latest());
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end of " + topics.events() + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private List<TopicPartition> eventPartitions() throws ExecutionException, InterruptedException {
        List<TopicPartition> known = partitions;
        if (known != null) {
            return known;
        }
        return admin.describeTopics(List.of(topics.events())).allTopicNames().get().get(topics.events())
                .partitions().stream().map(p -> new TopicPartition(topics.events(), p.partition())).toList();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
            }
        }
        running.set(false);
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
