package io.rollbook.infra.bench;

import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads every committed record of a topic, from the beginning to the end it has now, once. */
final class LogReader {

    /** The consumer settings of the projections (ProjectionRunner), which the raw consume baseline copies. */
    static final Map<String, Object> PROJECTION_CONSUMER = Map.of("isolation.level", "read_committed",
            "enable.auto.commit", "false", "max.poll.records", "5000");

    private LogReader() {
    }

    /** @return how many records were read */
    static long readAll(KafkaSettings kafka, String topic, Consumer<ConsumerRecord<String, byte[]>> sink) {
        long count = 0;
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(kafka.properties(PROJECTION_CONSUMER),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            while (!reached(c, end)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    sink.accept(r);
                    count++;
                }
            }
        }
        return count;
    }

    /** The sum of the end offsets of a topic's partitions (read_committed: the last stable offsets). */
    static long endOffsetSum(KafkaSettings kafka, String topic) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(kafka.properties(PROJECTION_CONSUMER),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return c.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
