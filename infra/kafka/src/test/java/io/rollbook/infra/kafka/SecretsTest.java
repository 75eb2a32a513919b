package io.rollbook.infra.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** No string form of the Kafka settings or of the SCRAM users prints a password. */
class SecretsTest {

    @Test
    void theSettingsHideEveryPasswordAndKeyButShowTheRest() {
        Map<String, String> client = new java.util.HashMap<>(EmbeddedKafka.scramClient("engine", "s3cret-scram"));
        client.put("ssl.key.password", "s3cret-key");
        client.put("ssl.keystore.key", "-----BEGIN PRIVATE KEY----- s3cret-pem");
        client.put("ssl.truststore.location", "/data/tls/ca.crt");
        String shown = new KafkaSettings("localhost:9092", client).toString();
        assertThat(shown).doesNotContain("s3cret").contains("sasl.jaas.config=[hidden]", "ssl.key.password=[hidden]",
                "ssl.keystore.key=[hidden]", "ssl.truststore.location=/data/tls/ca.crt", "sasl.mechanism=SCRAM-SHA-512",
                "localhost:9092", "seal=none");
        assertThat(Secrets.secret("sasl.jaas.config")).isTrue();
        assertThat(Secrets.secret("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config")).isTrue();
        assertThat(Secrets.secret("security.protocol")).isFalse();
    }

    @Test
    void theCredentialsNameTheirUsersOnly(@TempDir Path dir) {
        KafkaCredentials credentials = KafkaCredentials.inDataDir(dir, dir.resolve("kafka"));
        String shown = credentials.toString();
        assertThat(shown).contains("broker", "client", "engine");
        credentials.passwords().values().forEach(p -> assertThat(shown).doesNotContain(p));
    }
}
