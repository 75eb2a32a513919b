package io.rollbook.infra.kafka;

import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Outcomes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code rollbook.outcomes} read by offset: how {@link ProcessedCommands} finds the first outcome of
 * a repeated command id, which it keeps only as an offset.
 */
interface OutcomeLog extends AutoCloseable {

    /**
     * The outcome at {@code offset} of {@code partition}; null when the log no longer holds that
     * record (retention deleted it).
     *
     * @throws TimeoutException (retriable) when the broker does not answer in time
     */
    Outcome read(int partition, long offset);

    @Override
    void close();

    /** A read_committed consumer of its own, made on the first read (a session that sees no repeat makes none). */
    static OutcomeLog of(KafkaSettings kafka, String topic, String clientId) {
        return new OutcomeLog() {
            private static final Duration POLL = Duration.ofMillis(100);
            private static final Duration PATIENCE = Duration.ofSeconds(10);
            private KafkaConsumer<String, byte[]> consumer;

            @Override
            public Outcome read(int partition, long offset) {
                TopicPartition tp = new TopicPartition(topic, partition);
                if (consumer == null) {
                    consumer = kafka.consumer(ClientRole.COMMITTED_READER, clientId,
                            Map.of("max.poll.records", "1", "max.partition.fetch.bytes", String.valueOf(64 * 1024)));
                }
                if (!consumer.assignment().equals(java.util.Set.of(tp))) {
                    consumer.assign(List.of(tp));
                }
                consumer.seek(tp, offset);
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                        // past the offset asked for: the log starts later now (the consumer reset to its start)
                        return r.offset() == offset ? Outcomes.decode(r.value()) : null;
                    }
                }
                throw new TimeoutException("reading back the outcome at " + tp + "@" + offset + ": nothing within "
                        + PATIENCE.toSeconds() + " s");
            }

            @Override
            public void close() {
                if (consumer != null) {
                    consumer.close(Duration.ofSeconds(5));
                    consumer = null;
                }
            }
        };
    }
}
