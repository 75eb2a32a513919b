package io.rollbook.infra.kafka;

import static io.rollbook.infra.kafka.EmbeddedBrokerTest.COMMITTED;
import static io.rollbook.infra.kafka.EmbeddedBrokerTest.admin;
import static io.rollbook.infra.kafka.EmbeddedBrokerTest.configValue;
import static io.rollbook.infra.kafka.EmbeddedBrokerTest.describeConfigs;
import static io.rollbook.infra.kafka.EmbeddedBrokerTest.produceAbortedThenCommitted;
import static io.rollbook.infra.kafka.EmbeddedBrokerTest.readCommitted;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same round trip as {@link EmbeddedBrokerTest} against Kafka in a container, the way a
 * deployment next to a real cluster sees it. Skipped where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerSmokeTest {

    @Container
    final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.0");

    @Test
    void transactionalRoundTripAgainstAContainer() throws Exception {
        Topics topics = Topics.defaults();
        try (Admin admin = admin(kafka.getBootstrapServers())) {
            topics.ensure(admin);
            Map<String, Config> configs = describeConfigs(admin, topics.all());
            assertThat(configValue(configs, topics.events(), TopicConfig.RETENTION_MS_CONFIG)).isEqualTo("-1");
        }
        produceAbortedThenCommitted(kafka.getBootstrapServers(), topics.events());
        assertThat(readCommitted(kafka.getBootstrapServers(), topics.events(), "container-smoke"))
                .containsExactly(COMMITTED);
    }
}
