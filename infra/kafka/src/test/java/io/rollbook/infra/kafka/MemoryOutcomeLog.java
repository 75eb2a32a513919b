package io.rollbook.infra.kafka;

import io.rollbook.api.command.Outcome;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * {@code rollbook.outcomes} as a map per partition from offset to outcome, for the dedupe's tests:
 * {@link #append} writes as a committed send would, {@link #delete} is retention deleting a record.
 */
final class MemoryOutcomeLog implements OutcomeLog {

    private final Map<Integer, Map<Long, Outcome>> records = new HashMap<>();
    private final Map<Integer, Long> next = new HashMap<>();
    int reads;

    /** The outcome written at the end of {@code partition}, and the send that tells its offset. */
    Future<RecordMetadata> append(int partition, Outcome outcome) {
        long offset = next.merge(partition, 1L, Long::sum) - 1;
        records.computeIfAbsent(partition, k -> new HashMap<>()).put(offset, outcome);
        return CompletableFuture.completedFuture(
                new RecordMetadata(new TopicPartition("rollbook.outcomes", partition), offset, 0, 0L, 0, 0));
    }

    /** The offset the next record of {@code partition} gets. */
    long nextOffset(int partition) {
        return next.getOrDefault(partition, 0L);
    }

    void delete(int partition, long offset) {
        Map<Long, Outcome> kept = records.get(partition);
        if (kept != null) {
            kept.remove(offset);
        }
    }

    @Override
    public Outcome read(int partition, long offset) {
        reads++;
        return records.getOrDefault(partition, Map.of()).get(offset);
    }

    @Override
    public void close() {
    }
}
