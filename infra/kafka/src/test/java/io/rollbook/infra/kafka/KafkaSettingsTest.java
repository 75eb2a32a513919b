package io.rollbook.infra.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Which setting wins when a role, the user's configuration and the use's own settings name the same key. */
class KafkaSettingsTest {

    private final KafkaSettings kafka = new KafkaSettings("broker:9092", Map.of(
            "session.timeout.ms", "6000",          // tuning: the user's choice wins
            "isolation.level", "read_uncommitted",  // would break exactly-once: Rollbook's wins
            "group.instance.id", "someone-else",    // an id the use sets itself: the use's wins
            "security.protocol", "SASL_SSL"));      // passed through as it is

    @Test
    void theUsersTuningBeatsTheRolesDefault() {
        Properties p = kafka.properties(ClientRole.ENGINE_CONSUMER, "engine-a", Map.of());

        assertThat(p).containsEntry("session.timeout.ms", "6000");
        assertThat(p).containsEntry("max.poll.records", "500"); // a default nobody changed
    }

    @Test
    void theRolesEssentialsBeatTheUsersConfiguration() {
        Properties p = kafka.properties(ClientRole.ENGINE_CONSUMER, "engine-a", Map.of());

        assertThat(p).containsEntry("isolation.level", "read_committed").containsEntry("enable.auto.commit", "false");
    }

    @Test
    void theUsesOwnSettingsAndClientIdBeatTheUsersConfiguration() {
        Properties p = kafka.properties(ClientRole.ENGINE_CONSUMER, "engine-a",
                Map.of("group.id", "rollbook-engine", "group.instance.id", "rollbook-engine-a"));

        assertThat(p).containsEntry("group.instance.id", "rollbook-engine-a").containsEntry("group.id", "rollbook-engine")
                .containsEntry("client.id", "engine-a");
    }

    @Test
    void securitySettingsAndTheBootstrapServersReachEveryClient() {
        for (ClientRole role : ClientRole.values()) {
            Properties p = kafka.properties(role, "c", Map.of());
            assertThat(p).as(role.name()).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("bootstrap.servers", "broker:9092");
        }
    }

    @Test
    void everyWriterIsIdempotentWithAcksAll() {
        for (ClientRole role : new ClientRole[] {ClientRole.ENGINE_PRODUCER, ClientRole.COMMAND_PRODUCER}) {
            Properties p = new KafkaSettings("b:1", Map.of("acks", "1", "enable.idempotence", "false"))
                    .properties(role, "w", Map.of());
            assertThat(p).as(role.name()).containsEntry("acks", "all").containsEntry("enable.idempotence", "true");
        }
    }
}
