package io.rollbook.infra.projection;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.infra.broker.Topics;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds every committed event of {@code rollbook.events}, from the beginning, to a sink (the
 * projections). No consumer group: every instance of {@code up} folds the whole log.
 */
public final class ProjectionRunner implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);

    /** Where the events go, with their Kafka position. */
    @FunctionalInterface
    public interface Sink {
        void apply(EventEnvelope event, int partition, long offset);
    }

    private final KafkaSettings kafka;
    private final Topics topics;
    private final Sink sink;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong applied = new AtomicLong();
    private volatile KafkaConsumer<String, byte[]> consumer;

    public ProjectionRunner(KafkaSettings kafka, Topics topics, Sink sink) {
        this.kafka = kafka;
        this.topics = topics;
        this.sink = sink;
    }

    /** How many events have been folded so far. */
    public long applied() {
        return applied.get();
    }

    @Override
    public void run() {
        consumer = new KafkaConsumer<>(kafka.properties(Map.of("isolation.level", "read_committed",
                "enable.auto.commit", "false", "max.poll.records", "5000",
                "client.id", "rollbook-projections")), new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> tps = consumer.partitionsFor(topics.events()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    apply(r);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        EventEnvelope e;
        try {
            e = Events.decode(r.value());
        } catch (IllegalArgumentException ex) {
            LOG.warn("skipping unreadable event {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), ex.getMessage());
            return;
        }
        sink.apply(e, r.partition(), r.offset());
        applied.incrementAndGet();
    }

    @Override
    public void close() {
        running.set(false);
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
