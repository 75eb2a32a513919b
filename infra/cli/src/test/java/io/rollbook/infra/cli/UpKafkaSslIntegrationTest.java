package io.rollbook.infra.cli;

import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.cli.KafkaTlsTesting.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code up --kafka-ssl}: the embedded broker's listener speaks TLS with a certificate of the data
 * directory's CA. A plaintext client gets no answer; a Java client (the CLI) with the written
 * {@code client.properties} and kcat with the written {@code kcat.conf} are served.
 */
class UpKafkaSslIntegrationTest {

    @TempDir
    static Path dir;
    static Rollbook up;
    static Path data;

    @BeforeAll
    static void start() {
        data = dir.resolve("data");
        up = KafkaTlsTesting.up(data, false);
    }

    @AfterAll
    static void stop() {
        if (up != null) {
            up.close();
        }
    }

    @Test
    void theClientFilesNameTheCaOfTheDataDirectory() throws Exception {
        Path ca = data.resolve("tls/ca.crt").toAbsolutePath();
        assertThat(Files.readString(data.resolve("kafka-ssl/client.properties"))).contains("security.protocol=SSL\n",
                "ssl.truststore.type=PEM\n", "ssl.truststore.location=" + ca + "\n");
        assertThat(Files.readString(data.resolve("kafka-ssl/kcat.conf"))).contains("security.protocol=ssl\n",
                "ssl.ca.location=" + ca + "\n");
    }

    @Test
    void aPlaintextJavaClientIsRefusedAndOneWithTheCaIsServed() throws Exception {
        String bootstrap = up.kafka().bootstrapServers();
        assertThat(KafkaTlsTesting.describeCluster(bootstrap, Map.of())).isEqualTo("TimeoutException");
        Map<String, Object> tls = Map.copyOf(KafkaOptions.clientProperties(data.resolve("kafka-ssl/client.properties")));
        assertThat(KafkaTlsTesting.describeCluster(bootstrap, tls)).isEqualTo("1 node");

        String config = data.resolve("kafka-ssl/client.properties").toString();
        TestCli.Run applied = TestCli.run(up, "apply", "-f", TestCli.example("nginx-deployment.yaml"), "--kafka-config", config);
        assertThat(applied.err()).isEmpty();
        assertThat(applied.out()).isEqualTo("deployment.apps/nginx-deployment created\n");
        TestCli.Run plain = TestCli.run(up, "scale", "deployment/nginx-deployment", "--replicas=1", "--request-timeout=5s");
        assertThat(plain.exit()).isEqualTo(1);
    }

    @Test
    void kcatWithItsConfigListsTheTopicsAndWithoutTlsGetsNone() throws Exception {
        assumeTrue(KafkaTlsTesting.kcatAvailable(), "no kcat on the PATH");
        String bootstrap = up.kafka().bootstrapServers();
        Run served = KafkaTlsTesting.kcat("-F", data.resolve("kafka-ssl/kcat.conf").toString(), "-b", bootstrap, "-L");
        assertThat(served.exit()).as(served.err()).isZero();
        assertThat(served.out()).contains("topic \"rollbook.commands\"", "topic \"rollbook.events\"");
        Run plain = KafkaTlsTesting.kcat("-b", bootstrap, "-L", "-m", "5");
        assertThat(plain.exit()).as(plain.out()).isNotZero();
        assertThat(plain.out()).doesNotContain("rollbook.events");
    }
}
