package io.rollbook.infra.bench;

import io.rollbook.api.event.Events;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows {@code events} (read_committed) and counts what the simulation waits for: rollouts
 * completed per revision, and pods that became Ready since {@link #markRollover()}. Only those two
 * event types are decoded (by the envelope's leading {@code "type"}), so it stays cheap.
 */
final class EventWatcher implements AutoCloseable {

    private static final byte[] COMPLETED = "{\"type\":\"RolloutCompleted\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] READY = "{\"type\":\"PodReady\"".getBytes(StandardCharsets.UTF_8);

    private final TopicTail tail;
    private final Map<Long, AtomicLong> completedByRevision = new ConcurrentHashMap<>();
    private final AtomicLong readySinceMark = new AtomicLong();
    private final AtomicLong readyTotal = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private volatile boolean marked;

    EventWatcher(KafkaSettings kafka, Topics topics) {
        tail = new TopicTail(kafka, topics.events(), "bench-events", Duration.ofMillis(100), this::onRecord);
    }

    private void onRecord(ConsumerRecord<String, byte[]> r) {
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
        tail.close();
    }
}
