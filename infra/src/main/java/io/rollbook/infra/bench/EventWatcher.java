package io.rollbook.infra.bench;

import io.rollbook.api.event.Events;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.infra.broker.Topics;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows {@code events} (read_committed) and counts what the simulation waits for: rollouts
 * completed per revision, and pods that became Ready since {@link #markRollover()}. Only those two
 * event types are decoded (by the envelope's leading {@code "type"}), so it stays cheap.
 */
final class EventWatcher implements AutoCloseable {

    private static final byte[] COMPLETED = "{\"type\":\"RolloutCompleted\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] READY = "{\"type\":\"PodReady\"".getBytes(StandardCharsets.UTF_8);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<Long, AtomicLong> completedByRevision = new ConcurrentHashMap<>();
    private final AtomicLong readySinceMark = new AtomicLong();
    private final AtomicLong readyTotal = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private volatile boolean marked;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    EventWatcher(KafkaSettings kafka, Topics topics) {
        consumer = new KafkaConsumer<>(kafka.properties(Map.of("isolation.level", "read_committed",
                "enable.auto.commit", "false", "max.poll.records", "5000", "client.id", "bench-events")),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> all = consumer.partitionsFor(topics.events()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(all);
        consumer.seekToBeginning(all);
        thread = new Thread(this::loop, "bench-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    events.incrementAndGet();
                    byte[] v = r.value();
                    if (startsWith(v, COMPLETED)) {
                        long revision = ((RolloutCompleted) Events.decode(v).data()).revision();
                        completedByRevision.computeIfAbsent(revision, k -> new AtomicLong()).incrementAndGet();
                    } else if (startsWith(v, READY)) {
                        readyTotal.incrementAndGet();
                        if (marked) {
                            readySinceMark.incrementAndGet();
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private static boolean startsWith(byte[] value, byte[] prefix) {
        return value != null && value.length >= prefix.length
                && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** From now on, count PodReady events (the rollover's new pods). */
    void markRollover() {
        marked = true;
    }

    long completed(long revision) {
        AtomicLong n = completedByRevision.get(revision);
        return n == null ? 0 : n.get();
    }

    long readySinceMark() {
        return readySinceMark.get();
    }

    /** PodReady events seen in all. */
    long readyTotal() {
        return readyTotal.get();
    }

    long events() {
        return events.get();
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
