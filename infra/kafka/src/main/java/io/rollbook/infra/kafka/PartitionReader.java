package io.rollbook.infra.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads committed records of some partitions from the beginning up to their current end, once. */
final class PartitionReader {

    private PartitionReader() {
    }

    static long readAll(KafkaSettings kafka, Collection<TopicPartition> partitions,
                        Consumer<ConsumerRecord<String, byte[]>> sink) {
        if (partitions.isEmpty()) {
            return 0;
        }
        Map<String, Object> props = new HashMap<>();
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", "false");
        props.put("max.poll.records", "5000");
        props.put("fetch.max.bytes", String.valueOf(64 * 1024 * 1024));
        props.put("max.partition.fetch.bytes", String.valueOf(16 * 1024 * 1024));
        long count = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.properties(props),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.copyOf(partitions));
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!reached(consumer, end)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    sink.accept(r);
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
