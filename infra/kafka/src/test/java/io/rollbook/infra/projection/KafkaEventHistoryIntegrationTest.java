package io.rollbook.infra.projection;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.event.PodReady;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.broker.EmbeddedBroker;
import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kafka.Partitions;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.projections.ListedHistory;
import io.rollbook.projections.ProjectionStore;
import io.rollbook.projections.audit.AuditEntry;
import io.rollbook.projections.audit.AuditQuery;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit and replay read {@code rollbook.events} back: one aggregate's question reads its partition
 * only, a question about all of them every partition, and both answer as the same events in a list do.
 */
class KafkaEventHistoryIntegrationTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final int AGGREGATES = 7;
    private static final int EACH = 50;

    @TempDir
    Path dataDir;

    @Test
    void readsOneAggregateFromItsPartitionAndEveryAggregateInWriteOrder() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dataDir, 0)) {
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
            Topics topics = Topics.withPrefix("history");
            try (Admin admin = kafka.admin("test-admin")) {
                topics.ensure(admin, 3);
            }
            List<EventEnvelope> written = new ArrayList<>();
            int[] perPartition = new int[3];
            try (KafkaProducer<String, byte[]> producer = kafka.producer(ClientRole.COMMAND_PRODUCER, "test-producer",
                    Map.of("max.in.flight.requests.per.connection", "1"))) {
                for (int i = 0; i < EACH; i++) {
                    for (int a = 0; a < AGGREGATES; a++) {
                        EventEnvelope e = EventEnvelope.of("default/web-" + a, i, T.plusSeconds(i), "c" + i, "alice",
                                new PodReady("web-" + a + "-" + i, "web-" + a, "node-1"));
                        producer.send(new ProducerRecord<>(topics.events(), ObjectRef.keyOfAggregate(e.aggregate()),
                                Events.encode(e))).get();
                        written.add(e);
                        perPartition[Partitions.of(ObjectRef.keyOfAggregate(e.aggregate()), 3)]++;
                    }
                }
                producer.send(new ProducerRecord<>(topics.events(), "default/web-3",
                        "not an event".getBytes(StandardCharsets.UTF_8))).get();
                perPartition[Partitions.of("default/web-3", 3)]++;
            }
            KafkaEventHistory history = new KafkaEventHistory(kafka, topics);
            ProjectionStore fromKafka = new ProjectionStore(history);
            ProjectionStore fromList = new ProjectionStore(new ListedHistory(written));
            ObjectRef web3 = ObjectRef.deployment("default", "web-3");

            List<EventEnvelope> one = fromKafka.log(web3);
            assertThat(one).isEqualTo(written.stream().filter(e -> e.aggregate().equals("default/web-3")).toList());
            assertThat(history.recordsRead()).isEqualTo(perPartition[Partitions.of("default/web-3", 3)])
                    .isLessThan(written.size());
            assertThat(fromKafka.audit(AuditQuery.of(web3))).isEqualTo(fromList.audit(AuditQuery.of(web3)));

            List<EventEnvelope> all = new ArrayList<>();
            history.read(null, all::add);
            assertThat(all).containsExactlyInAnyOrderElementsOf(written);
            for (int a = 0; a < AGGREGATES; a++) {
                String id = "default/web-" + a;
                assertThat(all.stream().filter(e -> e.aggregate().equals(id)).map(EventEnvelope::sequence).toList())
                        .isSorted().hasSize(EACH);
            }
            assertThat(fromKafka.audit(AuditQuery.all())).extracting(AuditEntry::envelope)
                    .containsExactlyInAnyOrderElementsOf(written);
        }
    }
}
