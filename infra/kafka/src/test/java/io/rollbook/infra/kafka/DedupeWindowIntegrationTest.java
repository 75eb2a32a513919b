package io.rollbook.infra.kafka;

import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Outcomes;
import io.rollbook.infra.broker.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dedupe promise is the outcomes' retention, read from the topic, and a restore reads the
 * outcomes of that window only (Kafka's offsets for {@code now - window}) on a real broker.
 */
class DedupeWindowIntegrationTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dir;

    @Test
    void aRestoreRemembersTheIdsAnsweredWithinTheOutcomesRetentionOnly() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0)) {
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
            Topics topics = Topics.defaults();
            try (Admin admin = kafka.admin("test-admin")) {
                topics.ensure(admin);
            }
            Duration window = topics.outcomesRetention(kafka, "test");
            assertThat(window).isEqualTo(Duration.ofDays(7));
            try (KafkaProducer<String, byte[]> producer = kafka.producer(ClientRole.COMMAND_PRODUCER, "test")) {
                answer(producer, topics, 2, "c-eight-days-ago", NOW.minus(Duration.ofDays(8)));
                answer(producer, topics, 2, "c-six-days-ago", NOW.minus(Duration.ofDays(6)));
                answer(producer, topics, 2, "c-just-now", NOW);
                answer(producer, topics, 3, "c-elsewhere", NOW);
                producer.flush();
            }
            try (OutcomeLog log = OutcomeLog.of(kafka, topics.outcomes(), "test-reader")) {
                ProcessedCommands processed = new ProcessedCommands(window, ProcessedCommands.DEFAULT_CAP, log,
                        EngineListener.NONE);

                new PartitionRestore(kafka, topics, "test-restore", EngineListener.NONE,
                        Clock.fixed(NOW, ZoneOffset.UTC)).restore(Set.of(2), new AggregateStates(), processed);

                assertThat(processed.firstOutcome(2, "c-eight-days-ago")).as("older than the window").isNull();
                assertThat(processed.firstOutcome(2, "c-six-days-ago").message())
                        .as("read back from the log at its offset").isEqualTo("c-six-days-ago");
                assertThat(processed.firstOutcome(2, "c-just-now")).isNotNull();
                assertThat(processed.count(2)).isEqualTo(2);
                assertThat(processed.firstOutcome(3, "c-elsewhere")).as("not restored").isNull();
            }
        }
    }

    @Test
    void anOutcomeIsReadBackByItsOffsetAndIsNoneOnceTheLogNoLongerHoldsIt() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0)) {
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
            Topics topics = Topics.defaults();
            try (Admin admin = kafka.admin("test-admin")) {
                topics.ensure(admin);
                try (KafkaProducer<String, byte[]> producer = kafka.producer(ClientRole.COMMAND_PRODUCER, "test")) {
                    answer(producer, topics, 1, "c-first", NOW);
                    answer(producer, topics, 1, "c-second", NOW);
                    producer.flush();
                }
                try (OutcomeLog log = OutcomeLog.of(kafka, topics.outcomes(), "test-reader")) {
                    assertThat(log.read(1, 1).commandId()).isEqualTo("c-second");
                    assertThat(log.read(1, 0).commandId()).isEqualTo("c-first");

                    // what retention does to old segments, at once
                    admin.deleteRecords(Map.of(new TopicPartition(topics.outcomes(), 1),
                            RecordsToDelete.beforeOffset(1))).all().get();

                    assertThat(log.read(1, 0)).as("deleted").isNull();
                    assertThat(log.read(1, 1).commandId()).isEqualTo("c-second");
                }
            }
        }
    }

    @Test
    void theWindowIsTheRetentionTheOperatorSetOnTheOutcomesTopic() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0)) {
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
            Topics topics = Topics.defaults();
            try (Admin admin = kafka.admin("test-admin")) {
                topics.ensure(admin);
                ConfigResource outcomes = new ConfigResource(ConfigResource.Type.TOPIC, topics.outcomes());
                admin.incrementalAlterConfigs(Map.of(outcomes, List.of(new AlterConfigOp(new ConfigEntry(
                        TopicConfig.RETENTION_MS_CONFIG, String.valueOf(Duration.ofDays(2).toMillis())),
                        AlterConfigOp.OpType.SET)))).all().get();
            }

            assertThat(topics.outcomesRetention(kafka, "test")).isEqualTo(Duration.ofDays(2));
        }
    }

    private static void answer(KafkaProducer<String, byte[]> producer, Topics topics, int partition, String id,
                               Instant at) {
        Outcome outcome = new Outcome(id, Outcome.Status.Accepted, id, 1L, 0);
        producer.send(new ProducerRecord<>(topics.outcomes(), partition, at.toEpochMilli(), id,
                Outcomes.encode(outcome)));
    }
}
