package io.rollbook.infra.kafka;

import io.rollbook.api.command.Outcomes;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.rollout.RolloutRecord;
import io.rollbook.api.rollout.RolloutRecords;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * One polled batch as one Kafka transaction: the events its commands cause (appended by the storage
 * engine through the same producer), their outcomes, the rollout transitions they made, the dead letters, and the consumed offsets
 * ({@code sendOffsetsToTransaction} with the consumer's group metadata, KIP-447, so a zombie whose
 * partitions moved cannot commit), and the commands it forwards to their owners' partitions. All
 * of it is written, or none.
 */
final class BatchTransaction {

    /** On a forwarded command: where it was read ({@code rollbook.commands-1@42}). */
    static final String FORWARDED_FROM = "rollbook.forwarded.from";
    /** On a dead letter: why. */
    static final String ERROR = "rollbook.error";
    /** On a dead letter: where it was read. */
    static final String SOURCE_OFFSET = "rollbook.source.offset";
    /** On the dead letter of a command whose handler failed: its {@code Status.reason}. */
    static final String REASON = "rollbook.reason";
    /** On the dead letter of a command whose handler failed: the exception and its stack trace. */
    static final String EXCEPTION = "rollbook.exception";
    /** How often a commit that timed out is tried again before the loop gives up on its producer. */
    static final int COMMIT_ATTEMPTS = 3;
    private static final int MAX_TRACE_CHARS = 8192;

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private int sent;
    private int forwarded;

    BatchTransaction(Producer<String, byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    void begin() {
        producer.beginTransaction();
        sent = 0;
        forwarded = 0;
    }

    /**
     * The outcome of a command, on the outcome partition of the command's partition, keyed by its id,
     * with the time it was answered as the record's timestamp: the outcomes' retention, and so the
     * dedupe window ({@link ProcessedCommands}), counts from it.
     *
     * @return the send, which tells the record's offset once the transaction committed
     */
    Future<RecordMetadata> publish(int partition, Outcome outcome, java.time.Instant answeredAt) {
        sent++;
        return producer.send(new ProducerRecord<>(topics.outcomes(), partition, answeredAt.toEpochMilli(),
                outcome.commandId(), Outcomes.encode(outcome)));
    }

    /**
     * A rollout transition, on the rollouts partition of the command's partition (the owner's, so a
     * Deployment's transitions stay in order), keyed by the Deployment.
     */
    void rollout(int partition, RolloutRecord record) {
        sent++;
        producer.send(new ProducerRecord<>(topics.rollouts(), partition, record.key(), RolloutRecords.encode(record)));
    }

    /** A record that is not a command, as it came, with why and where it came from. */
    void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        producer.send(deadLetterOf(record, reason));
        sent++;
    }

    /** A command whose handler failed, as it came, with why, where it came from, the reason code and the exception. */
    void deadLetter(ConsumerRecord<String, byte[]> record, String message, String reason, Throwable failure) {
        ProducerRecord<String, byte[]> dead = deadLetterOf(record, message);
        dead.headers().add(new RecordHeader(REASON, reason.getBytes(StandardCharsets.UTF_8)));
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        String text = trace.toString();
        text = text.length() > MAX_TRACE_CHARS ? text.substring(0, MAX_TRACE_CHARS) : text;
        dead.headers().add(new RecordHeader(EXCEPTION, text.getBytes(StandardCharsets.UTF_8)));
        producer.send(dead);
        sent++;
    }

    private ProducerRecord<String, byte[]> deadLetterOf(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(topics.deadletter(), record.key(), record.value());
        dead.headers().add(new RecordHeader(ERROR, reason.getBytes(StandardCharsets.UTF_8)));
        dead.headers().add(new RecordHeader(SOURCE_OFFSET, source(record)));
        return dead;
    }

    /**
     * A command read on a partition that does not own its target, to the partition that does, as it
     * came: same key, value (so the same commandId and issuedAt), record timestamp and headers, plus
     * where it was read. Committed with the offset that consumed it, so it is forwarded exactly once.
     */
    void forward(ConsumerRecord<String, byte[]> record, int owner) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            if (!FORWARDED_FROM.equals(h.key())) {
                headers.add(h);
            }
        }
        headers.add(new RecordHeader(FORWARDED_FROM, source(record)));
        producer.send(new ProducerRecord<>(topics.commands(), owner, record.timestamp(), record.key(), record.value(),
                headers));
        sent++;
        forwarded++;
    }

    private static byte[] source(ConsumerRecord<String, byte[]> record) {
        return (record.topic() + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8);
    }

    /** Outcomes, dead letters and forwarded commands sent in this transaction (events are counted by the storage engine). */
    int sent() {
        return sent;
    }

    /** Commands forwarded in this transaction. */
    int forwarded() {
        return forwarded;
    }

    /**
     * Adds the consumed offsets and commits: everything of the batch becomes visible at once. A
     * commit that times out may still complete, so it is not aborted but tried again (the client
     * allows only that), {@value #COMMIT_ATTEMPTS} times in all; then {@link CommitUncertainException}.
     */
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        producer.sendOffsetsToTransaction(offsets, group);
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt == COMMIT_ATTEMPTS) {
                    throw new CommitUncertainException(attempt, e);
                }
            }
        }
    }

    void abort() {
        producer.abortTransaction();
    }

    /**
     * The commit of a transaction timed out {@value #COMMIT_ATTEMPTS} times: it may have committed
     * or not, and the producer can do nothing else with it. The loop starts a new session, whose
     * restore reads what Kafka really holds.
     */
    static final class CommitUncertainException extends org.apache.kafka.common.KafkaException {
        CommitUncertainException(int attempts, TimeoutException cause) {
            super("the transaction's commit timed out " + attempts + " times; whether it committed is unknown", cause);
        }
    }
}
