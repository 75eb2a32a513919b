package io.rollbook.infra.bench;

import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads {@code outcomes} (read_committed, from the beginning) on its own thread and notes, per
 * commandId, when its outcome was first seen ({@link System#nanoTime()}) and how often. It reads
 * keys only: decoding would steal CPU from the engine on a 2-core machine. The bench's and the
 * cluster test's.
 */
public final class OutcomeWatcher implements AutoCloseable {

    private final TopicTail tail;
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    public OutcomeWatcher(KafkaSettings kafka, Topics topics) {
        tail = new TopicTail(kafka, topics.outcomes(), "bench-outcomes", Duration.ofMillis(50), this::onRecord);
    }

    private void onRecord(ConsumerRecord<String, byte[]> r) {
        long now = System.nanoTime();
        firstSeen.putIfAbsent(r.key(), now);
        counts.merge(r.key(), 1, Integer::sum);
        total.incrementAndGet();
    }

    /** When the outcome of {@code commandId} was first seen, or null. */
    public Long seenAt(String commandId) {
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
    public long awaitAll(Collection<String> ids, Duration timeout, java.util.function.Supplier<String> stop)
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
        tail.close();
    }
}
