package io.rollbook.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs against a real in-process Kafka broker: nothing here is mocked. */
class EmbeddedBrokerTest {

    static final String KEY = "default/myapp-deployment";
    static final String COMMITTED = "{\"type\":\"DeploymentApplied\",\"sequence\":0}";
    static final String ABORTED = "{\"type\":\"DeploymentApplied\",\"sequence\":-1}";

    @TempDir
    Path dataDir;

    @Test
    void committedRecordSurvivesRestartOnTheSameDirectory() throws Exception {
        Topics topics = Topics.defaults();
        EmbeddedKafka broker = EmbeddedKafka.start(dataDir, 0);
        try {
            assertThat(broker.bootstrapServers()).matches("localhost:\\d+").doesNotEndWith(":0");
            try (Admin admin = admin(broker.bootstrapServers())) {
                topics.ensure(admin, Topics.DEFAULT_PARTITIONS);
                topics.ensure(admin, Topics.DEFAULT_PARTITIONS); // idempotent
                assertThat(admin.listTopics().names().get()).containsAll(topics.all());
            }
            produceAbortedThenCommitted(broker.bootstrapServers(), topics.events());
            assertThat(readCommitted(broker.bootstrapServers(), topics.events(), "before-restart"))
                    .containsExactly(COMMITTED);
        } finally {
            broker.close();
        }
        broker.close(); // idempotent: a second close returns at once

        try (EmbeddedKafka restarted = EmbeddedKafka.start(dataDir, 0);
             Admin admin = admin(restarted.bootstrapServers())) {
            assertThat(admin.listTopics().names().get()).containsAll(topics.all());
            topics.ensure(admin, Topics.DEFAULT_PARTITIONS); // finds them all, creates nothing
            assertThat(readCommitted(restarted.bootstrapServers(), topics.events(), "after-restart"))
                    .containsExactly(COMMITTED);
        }
    }

    @Test
    void topicsCarryTheContractRetentionAndPartitions() throws Exception {
        Topics topics = Topics.withPrefix("test");
        try (EmbeddedKafka broker = EmbeddedKafka.start(dataDir, 0);
             Admin admin = admin(broker.bootstrapServers())) {
            topics.ensure(admin, 4);

            Map<String, Config> configs = describeConfigs(admin, topics.all());
            String retention = TopicConfig.RETENTION_MS_CONFIG;
            String cleanup = TopicConfig.CLEANUP_POLICY_CONFIG;
            assertThat(configValue(configs, topics.commands(), retention)).isEqualTo("604800000"); // 7 days
            assertThat(configValue(configs, topics.events(), retention)).isEqualTo("-1"); // forever
            assertThat(configValue(configs, topics.outcomes(), retention)).isEqualTo("604800000");
            assertThat(configValue(configs, topics.deadletter(), retention)).isEqualTo("2592000000"); // 30 days
            assertThat(configValue(configs, topics.rollouts(), retention)).isEqualTo("2592000000");
            assertThat(configValue(configs, topics.snapshots(), cleanup)).isEqualTo("compact");
            // segments of 10 minutes, so compaction keeps what a restore reads near one record per aggregate
            assertThat(configValue(configs, topics.snapshots(), TopicConfig.SEGMENT_MS_CONFIG)).isEqualTo("600000");
            assertThat(configValue(configs, topics.events(), cleanup)).isEqualTo("delete");

            admin.describeTopics(topics.all()).allTopicNames().get().values().forEach(description -> {
                assertThat(description.partitions()).as(description.name()).hasSize(4);
                assertThat(description.partitions().get(0).replicas()).as(description.name()).hasSize(1);
            });
            // one broker: one replica, and an acknowledgement needs only it
            assertThat(configValue(configs, topics.events(), TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)).isEqualTo("1");
            assertThat(topics.ensure(admin, 4, Replication.FOR_CLUSTER)).as("nothing weaker than wanted").isEmpty();
            assertThatThrownBy(() -> topics.ensure(admin, 4, new Replication(3, null)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--replication-factor 3 needs at least 3 brokers; the cluster has 1");
        }
    }

    @Test
    void prefixMustBeALegalTopicName() {
        assertThat(Topics.withPrefix("acme-rollbook").events()).isEqualTo("acme-rollbook.events");
        assertThatThrownBy(() -> Topics.withPrefix("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.withPrefix("a/b")).hasMessageContaining("a/b");
    }

    static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * One aborted then one committed transaction with the same key, so both land on one partition:
     * a read_committed consumer that has seen the committed record has stepped over the aborted one.
     */
    static void produceAbortedThenCommitted(String bootstrapServers, String topic) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-broker-test-" + UUID.randomUUID(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, KEY, ABORTED));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, KEY, COMMITTED));
            producer.commitTransaction();
        }
    }

    /** Every value a read_committed consumer in a new group sees from the start of the topic. */
    static List<String> readCommitted(String bootstrapServers, String topic, String group) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(record -> COMMITTED.equals(record.value()));
            });
            consumer.commitSync();
        }
        assertThat(seen).allSatisfy(record -> assertThat(record.key()).isEqualTo(KEY));
        return seen.stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }

    static Map<String, Config> describeConfigs(Admin admin, Collection<String> topicNames) throws Exception {
        Set<ConfigResource> resources = topicNames.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .collect(Collectors.toSet());
        return admin.describeConfigs(resources).all().get().entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().name(), Map.Entry::getValue));
    }

    static String configValue(Map<String, Config> configs, String topic, String key) {
        return configs.get(topic).get(key).value();
    }
}
