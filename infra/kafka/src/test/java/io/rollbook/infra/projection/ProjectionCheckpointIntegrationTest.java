package io.rollbook.infra.projection;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.event.KubeEventRecorded;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.broker.EmbeddedBroker;
import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.projections.ProjectionStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart of the projections loads the checkpoint the last run wrote and reads only the tail of
 * {@code rollbook.events}; a corrupt checkpoint, or one older than the log start offset, is ignored
 * and the log read in full.
 */
class ProjectionCheckpointIntegrationTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final int DEPLOYMENTS = 5;

    @TempDir
    Path dir;

    private final Map<String, Long> sequences = new HashMap<>();

    @Test
    void aRestartReadsOnlyTheTailAfterItsCheckpoint() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("kafka"), 0)) {
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
            Topics topics = topics(kafka, "restart");
            write(kafka, topics, 300);

            ProjectionStore first = new ProjectionStore(new KafkaEventHistory(kafka, topics));
            assertThat(runUntilCaughtUp(kafka, topics, first)).isEqualTo(300);
            write(kafka, topics, 40);

            ProjectionStore second = new ProjectionStore(new KafkaEventHistory(kafka, topics));
            assertThat(runUntilCaughtUp(kafka, topics, second)).as("records folded after the restart").isEqualTo(40);
            assertThat(second.position()).isEqualTo(340);
            assertThat(body(second)).isEqualTo(body(fullFold(kafka, topics)));
            assertThat(second.retained(ObjectRef.deployment("default", "web-0"))).hasSize(67); // 340 / 5 events, the first the apply
        }
    }

    @Test
    void aCorruptCheckpointIsIgnoredAndTheLogReadInFull() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("kafka"), 0)) {
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
            Topics topics = topics(kafka, "corrupt");
            write(kafka, topics, 100);
            runUntilCaughtUp(kafka, topics, new ProjectionStore(new KafkaEventHistory(kafka, topics)));
            Path file = checkpoints(topics, new ProjectionStore(new KafkaEventHistory(kafka, topics))).file();
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 5] ^= 0x01;
            Files.write(file, bytes);

            ProjectionStore again = new ProjectionStore(new KafkaEventHistory(kafka, topics));
            assertThat(runUntilCaughtUp(kafka, topics, again)).isEqualTo(100);
            assertThat(again.position()).isEqualTo(100);
        }
    }

    @Test
    void aCheckpointOlderThanTheLogStartIsIgnored() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("kafka"), 0)) {
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
            Topics topics = topics(kafka, "deleted");
            write(kafka, topics, 100);
            runUntilCaughtUp(kafka, topics, new ProjectionStore(new KafkaEventHistory(kafka, topics)));
            write(kafka, topics, 50);
            try (Admin admin = kafka.admin("test-delete")) {
                admin.deleteRecords(Map.of(new TopicPartition(topics.events(), 0), RecordsToDelete.beforeOffset(120)))
                        .all().get();
            }

            ProjectionStore again = new ProjectionStore(new KafkaEventHistory(kafka, topics));
            assertThat(runUntilCaughtUp(kafka, topics, again)).as("what the log still holds").isEqualTo(30);
        }
    }

    /** Runs a runner with checkpoints in {@link #dir} until it has folded the log, then stops it cleanly. */
    private long runUntilCaughtUp(KafkaSettings kafka, Topics topics, ProjectionStore store) throws Exception {
        ProjectionRunner runner = new ProjectionRunner(kafka, topics, store::apply, checkpoints(topics, store));
        Thread thread = new Thread(runner, "projections-test");
        thread.start();
        try {
            assertThat(runner.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
        } finally {
            runner.close();
            thread.join(10_000);
        }
        assertThat(thread.isAlive()).isFalse();
        return runner.applied();
    }

    private ProjectionCheckpointFile checkpoints(Topics topics, ProjectionStore store) {
        return new ProjectionCheckpointFile(dir, topics.events(), store, Duration.ofHours(1));
    }

    private static ProjectionStore fullFold(KafkaSettings kafka, Topics topics) {
        ProjectionStore store = new ProjectionStore(new KafkaEventHistory(kafka, topics));
        io.rollbook.infra.kafka.ReadToEnd.readAll(kafka, "test-full", topics.events(),
                r -> store.apply(Events.decode(r.value()), r.partition(), r.offset()));
        return store;
    }

    private static String body(ProjectionStore store) {
        String text = new String(store.checkpoint(), java.nio.charset.StandardCharsets.UTF_8);
        return text.substring(text.indexOf('\n') + 1);
    }

    private static Topics topics(KafkaSettings kafka, String prefix) throws Exception {
        Topics topics = Topics.withPrefix(prefix);
        try (Admin admin = kafka.admin("test-admin")) {
            topics.ensure(admin, 1);
        }
        return topics;
    }

    /** {@code count} events round-robin over the Deployments: each applied first, then Kubernetes Events. */
    private void write(KafkaSettings kafka, Topics topics, int count) throws Exception {
        try (KafkaProducer<String, byte[]> producer = kafka.producer(ClientRole.COMMAND_PRODUCER, "test-producer",
                Map.of())) {
            for (int i = 0; i < count; i++) {
                String name = "web-" + (i % DEPLOYMENTS);
                String aggregate = "default/" + name;
                long seq = sequences.merge(aggregate, 1L, Long::sum) - 1;
                EventEnvelope e = EventEnvelope.of(aggregate, seq, T.plusSeconds(seq), "c-" + name + "-" + seq, "alice",
                        seq == 0 ? new DeploymentApplied(deployment(name), "created")
                                : new KubeEventRecorded("Normal", "ScalingReplicaSet", "event " + seq));
                producer.send(new ProducerRecord<>(topics.events(), ObjectRef.keyOfAggregate(aggregate), Events.encode(e)));
            }
            producer.flush();
        }
    }

    private static Deployment deployment(String name) {
        return (Deployment) Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s, namespace: default}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec: {containers: [{name: web, image: "web:1"}]}
                """.formatted(name, name, name)).get(0);
    }
}
