package io.rollbook.infra.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code rollbook_consumer_lag{group,topic,partition}}: how many records of a topic a consumer group
 * has not committed yet, per partition, as the broker sees it (the group's committed offset against
 * the last stable offset), so it covers every instance of the group, not only this process's.
 * Asked of the broker when scraped, with a short timeout; on failure the last values stay.
 */
final class ConsumerLag implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLag.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final KafkaSettings kafka;
    private final String group;
    private final String topic;
    private final MultiGauge lag;
    private Admin admin;

    ConsumerLag(MeterRegistry registry, KafkaSettings kafka, String group, String topic) {
        this.kafka = kafka;
        this.group = group;
        this.topic = topic;
        this.lag = MultiGauge.builder("rollbook.consumer.lag")
                .description("Records not yet committed by the consumer group, per partition").register(registry);
    }

    synchronized void refresh() {
        try {
            Map<TopicPartition, Long> lags = read();
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            lags.forEach((tp, n) -> rows.add(MultiGauge.Row.of(Tags.of("group", group, "topic", tp.topic(),
                    "partition", String.valueOf(tp.partition())), n)));
            lag.register(rows, true);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("consumer lag of {} not read: {}", group, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<TopicPartition, Long> read() throws ExecutionException, InterruptedException, TimeoutException {
        if (admin == null) {
            admin = kafka.admin("rollbook-metrics");
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (var p : admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic).partitions()) {
            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        var ends = admin.listOffsets(latest, committedOnly).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        var starts = admin.listOffsets(earliest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : latest.keySet()) {
            OffsetAndMetadata c = committed.get(tp);
            long from = c == null ? starts.get(tp).offset() : c.offset(); // no commit yet: auto.offset.reset earliest
            out.put(tp, Math.max(0, ends.get(tp).offset() - from));
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
