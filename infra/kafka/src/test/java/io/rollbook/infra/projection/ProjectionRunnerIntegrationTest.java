package io.rollbook.infra.projection;

import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.event.PodReady;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.broker.EmbeddedBroker;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner decodes on the polling thread and folds on another: every readable event is still
 * applied once, in each partition's order, unreadable ones are skipped, a query after
 * awaitCaughtUp sees everything committed before it, and a failing sink stops the runner.
 */
class ProjectionRunnerIntegrationTest {

    private static final Instant T = Instant.parse("2026-11-26T10:00:03Z");

    @TempDir
    Path dataDir;

    @Test
    void foldsEveryEventOnceInPartitionOrderAndReadsItsWrites() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dataDir, 0)) {
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
            Topics topics = Topics.withPrefix("runner");
            try (Admin admin = kafka.admin("test-admin")) {
                topics.ensure(admin, 3);
            }
            List<String> applied = new CopyOnWriteArrayList<>();
            Map<Integer, Long> lastOffsets = new HashMap<>();
            List<String> outOfOrder = new CopyOnWriteArrayList<>();
            ProjectionRunner runner = new ProjectionRunner(kafka, topics, (e, partition, offset) -> {
                Long last = lastOffsets.put(partition, offset);
                if (last != null && last >= offset) {
                    outOfOrder.add(partition + "@" + offset);
                }
                applied.add(e.eventId());
            });
            Thread thread = new Thread(runner, "runner-test");
            try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
                List<String> expected = new ArrayList<>();
                List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < 20_000; i++) {
                    EventEnvelope e = event("default/web-" + (i % 7), i);
                    sent.add(producer.send(new ProducerRecord<>(topics.events(),
                            ObjectRef.keyOfAggregate(e.aggregate()), Events.encode(e))));
                    expected.add(e.eventId());
                    if (i % 5_000 == 0) {
                        sent.add(producer.send(new ProducerRecord<>(topics.events(), "default/web-0",
                                "not an event".getBytes(StandardCharsets.UTF_8))));
                    }
                }
                for (java.util.concurrent.Future<?> f : sent) {
                    f.get(); // all written before the runner starts: its first polls see full batches
                }
                thread.start();
                assertThat(runner.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
                assertThat(applied).hasSize(expected.size());
                assertThat(new java.util.HashSet<>(applied).equals(new java.util.HashSet<>(expected))).isTrue();
                assertThat(runner.applied()).isEqualTo(expected.size());

                // read your writes: once awaitCaughtUp returns, the last write is folded
                for (int i = 0; i < 20; i++) {
                    EventEnvelope e = event("default/web-late", i);
                    producer.send(new ProducerRecord<>(topics.events(), "default/web-late", Events.encode(e))).get();
                    assertThat(runner.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
                    assertThat(applied).contains(e.eventId());
                }
            } finally {
                runner.close();
                thread.join(10_000);
            }
            assertThat(thread.isAlive()).isFalse();
            assertThat(outOfOrder).isEmpty();
        }
    }

    @Test
    void aFailingSinkStopsTheRunnerWithItsException() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dataDir, 0)) {
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
            Topics topics = Topics.withPrefix("failing");
            try (Admin admin = kafka.admin("test-admin")) {
                topics.ensure(admin, 1);
            }
            try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topics.events(), "default/web", Events.encode(event("default/web", i))));
                }
            }
            IllegalStateException broken = new IllegalStateException("sink broke");
            ProjectionRunner runner = new ProjectionRunner(kafka, topics, (e, p, o) -> {
                if (e.sequence() == 5) {
                    throw broken;
                }
            });
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread thread = new Thread(runner, "runner-failing");
            thread.setUncaughtExceptionHandler((t, ex) -> thrown.set(ex));
            thread.start();
            thread.join(30_000);
            try {
                assertThat(thread.isAlive()).isFalse();
                assertThat(thrown.get()).isSameAs(broken);
                assertThat(runner.applied()).isEqualTo(5);
            } finally {
                runner.close();
            }
        }
    }

    private static EventEnvelope event(String aggregate, int sequence) {
        return EventEnvelope.of(aggregate, sequence, T, "c" + sequence / 3, "alice",
                new PodReady("web-1-" + sequence, "web-1", "node-1"));
    }

    private static KafkaProducer<String, byte[]> producer(KafkaSettings kafka) {
        return kafka.producer(ClientRole.COMMAND_PRODUCER, "test-producer", Map.of("linger.ms", "5",
                "max.in.flight.requests.per.connection", "1"));
    }
}
