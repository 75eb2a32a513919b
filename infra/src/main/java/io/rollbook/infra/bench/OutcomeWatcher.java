package io.rollbook.infra.bench;

import io.rollbook.infra.broker.Topics;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads {@code outcomes} (read_committed, from the beginning) on its own thread and notes, per
 * commandId, when its outcome was first seen ({@link System#nanoTime()}) and how often. It reads
 * keys only: decoding would steal CPU from the engine on a 2-core machine.
 */
final class OutcomeWatcher implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    OutcomeWatcher(KafkaSettings kafka, Topics topics) {
        consumer = new KafkaConsumer<>(kafka.properties(Map.of("isolation.level", "read_committed",
                "enable.auto.commit", "false", "max.poll.records", "5000", "client.id", "bench-outcomes")),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> all = consumer.partitionsFor(topics.outcomes()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(all);
        consumer.seekToBeginning(all);
        thread = new Thread(this::loop, "bench-outcomes");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    firstSeen.putIfAbsent(r.key(), now);
                    counts.merge(r.key(), 1, Integer::sum);
                    total.incrementAndGet();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** When the outcome of {@code commandId} was first seen, or null. */
    Long seenAt(String commandId) {
        return firstSeen.get(commandId);
    }

    int count(String commandId) {
        return counts.getOrDefault(commandId, 0);
    }

    long total() {
        return total.get();
    }

    /**
     * Waits until every id has an outcome, the deadline passes, or {@code stop} says why to give up.
     *
     * @return how many of {@code ids} have none
     */
    long awaitAll(Collection<String> ids, Duration timeout, java.util.function.Supplier<String> stop)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Only the still missing ones are looked at again: this thread must not compete with the engine.
        java.util.Set<String> pending = new java.util.HashSet<>(ids);
        while (System.nanoTime() < deadline && stop.get() == null) {
            pending.removeIf(firstSeen::containsKey);
            if (pending.isEmpty()) {
                return 0;
            }
            Thread.sleep(pending.size() > 1000 ? 200 : 10);
        }
        pending.removeIf(firstSeen::containsKey);
        return pending.size();
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
