package io.rollbook.infra.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading a log up to the end it has now: the one loop behind partition restore, the kubelet's and
 * the projections' catch-up, the crash test's log check and the bench's readers. "The end" is the
 * end offsets asked for when the read starts; for a read_committed consumer they are the last stable
 * offsets, so a transaction still open is neither waited for nor read.
 */
public final class ReadToEnd {

    private static final Duration POLL = Duration.ofMillis(100);

    private ReadToEnd() {
    }

    /**
     * Reads the committed records of {@code partitions} from their beginning to their current end,
     * once, with a consumer of its own.
     *
     * @return how many records were read
     */
    public static long readAll(KafkaSettings kafka, String clientId, Collection<TopicPartition> partitions,
                               java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink) {
        if (partitions.isEmpty()) {
            return 0;
        }
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(ClientRole.COMMITTED_READER, clientId)) {
            return fromBeginning(consumer, partitions, sink);
        }
    }

    /**
     * Reads the committed records of {@code partitions} written at or after {@code since} (Kafka's
     * offsets for that time; a partition with none is not read) to their current end, once.
     *
     * @return how many records were read
     */
    public static long readSince(KafkaSettings kafka, String clientId, Collection<TopicPartition> partitions,
                                 Instant since,
                                 java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink) {
        if (partitions.isEmpty()) {
            return 0;
        }
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(ClientRole.COMMITTED_READER, clientId)) {
            return fromTime(consumer, partitions, since, sink);
        }
    }

    /** Assigns {@code partitions} to {@code consumer} at the first record written at or after {@code since}, and reads them to their current end. */
    public static long fromTime(Consumer<String, byte[]> consumer, Collection<TopicPartition> partitions,
                                Instant since,
                                java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink) {
        consumer.assign(List.copyOf(partitions));
        long time = Math.max(0, since.toEpochMilli());
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, time));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        List<TopicPartition> none = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            if (at == null) {
                none.add(tp);
            } else {
                consumer.seek(tp, at.offset());
            }
        }
        if (!none.isEmpty()) {
            consumer.seekToEnd(none); // never with an empty list: that seeks every assigned partition
        }
        return drain(consumer, sink);
    }

    /**
     * Waits until no transaction is open on {@code partitions} (their last stable offset has reached
     * their high watermark), at most {@code patience}: a partition restore starts only after the
     * previous owner's last transaction has committed or aborted, so it never reads the outcomes of
     * a transaction whose events it read before they were stable, or the other way round.
     *
     * @return whether the partitions became stable within {@code patience}
     */
    public static boolean awaitStable(KafkaSettings kafka, String clientId, Collection<TopicPartition> partitions,
                                      Duration patience) {
        if (partitions.isEmpty()) {
            return true;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        try (KafkaConsumer<String, byte[]> stable = kafka.consumer(ClientRole.COMMITTED_READER, clientId + "-stable");
             KafkaConsumer<String, byte[]> written = kafka.consumer(ClientRole.UNCOMMITTED_READER, clientId + "-written")) {
            while (true) {
                if (stable.endOffsets(partitions).equals(written.endOffsets(partitions))) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    /** Reads every partition of {@code topic} from its beginning to its current end, once. */
    public static long readAll(KafkaSettings kafka, String clientId, String topic,
                               java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink) {
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(ClientRole.COMMITTED_READER, clientId)) {
            return fromBeginning(consumer, partitionsOf(consumer, topic), sink);
        }
    }

    /** Every partition of {@code topic}, as a consumer's metadata has them. */
    public static List<TopicPartition> partitionsOf(Consumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    /** Assigns {@code partitions} to {@code consumer}, from the beginning, and reads them to their current end. */
    public static long fromBeginning(Consumer<String, byte[]> consumer, Collection<TopicPartition> partitions,
                                     java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink) {
        consumer.assign(List.copyOf(partitions));
        consumer.seekToBeginning(partitions);
        return drain(consumer, sink);
    }

    /** Reads the consumer's assignment from where it stands to the end offsets it has now. */
    public static long drain(Consumer<String, byte[]> consumer,
                             java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        long count = 0;
        while (!reached(consumer, end)) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                sink.accept(r);
                count++;
            }
        }
        return count;
    }

    /** Whether the consumer's position has reached {@code end} on every partition in it. */
    public static boolean reached(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
