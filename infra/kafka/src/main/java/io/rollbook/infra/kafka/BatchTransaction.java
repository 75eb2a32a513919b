package io.rollbook.infra.kafka;

import io.rollbook.api.command.Outcomes;
import io.rollbook.api.command.Outcome;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One polled batch as one Kafka transaction: the events its commands cause (appended by the storage
 * engine through the same producer), their outcomes, the dead letters, and the consumed offsets
 * ({@code sendOffsetsToTransaction} with the consumer's group metadata, KIP-447, so a zombie whose
 * partitions moved cannot commit). All of it is written, or none.
 */
final class BatchTransaction {

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private int sent;

    BatchTransaction(Producer<String, byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    void begin() {
        producer.beginTransaction();
        sent = 0;
    }

    /** The outcome of a command, on the outcome partition of the command's partition, keyed by its id. */
    void publish(int partition, Outcome outcome) {
        sent++;
        producer.send(new ProducerRecord<>(topics.outcomes(), partition, outcome.commandId(),
                Outcomes.encode(outcome)));
    }

    /** A record that is not a command, as it came, with why and where it came from. */
    void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(topics.deadletter(), record.key(), record.value());
        dead.headers().add(new RecordHeader("rollbook.error", reason.getBytes(StandardCharsets.UTF_8)));
        dead.headers().add(new RecordHeader("rollbook.source.offset",
                (record.topic() + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8)));
        sent++;
        producer.send(dead);
    }

    /** Outcomes and dead letters sent in this transaction (events are counted by the storage engine). */
    int sent() {
        return sent;
    }

    /** Adds the consumed offsets and commits: everything of the batch becomes visible at once. */
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        producer.sendOffsetsToTransaction(offsets, group);
        producer.commitTransaction();
    }

    void abort() {
        producer.abortTransaction();
    }
}
