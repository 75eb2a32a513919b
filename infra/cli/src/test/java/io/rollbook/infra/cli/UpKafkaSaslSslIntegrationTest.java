package io.rollbook.infra.cli;

import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.kafka.KafkaCredentials;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code up --kafka-sasl --kafka-ssl}: SCRAM over TLS (SASL_SSL) for the engine and the CLI with the
 * file written into {@code DATA_DIR/kafka-sasl/}, and SCRAM without TLS refused; and no password, token or seal key in
 * any string form or in any log line of the run (Rollbook's at DEBUG, Kafka's broker and clients at
 * INFO, where they print their configurations).
 */
class UpKafkaSaslSslIntegrationTest {

    @TempDir
    static Path dir;
    static Rollbook up;
    static Path data;
    static final ConcurrentLinkedQueue<String> LOG = new ConcurrentLinkedQueue<>();
    static AbstractAppender capture;

    @BeforeAll
    static void start() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        capture = new AbstractAppender("secrets-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringWriter line = new StringWriter().append(event.getMessage().getFormattedMessage());
                if (event.getThrown() != null) {
                    event.getThrown().printStackTrace(new PrintWriter(line));
                }
                LOG.add(line.toString());
            }
        };
        capture.start();
        context.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
        Configurator.setLevel(Map.of("io.rollbook", Level.DEBUG, "org.apache.kafka", Level.INFO, "kafka", Level.INFO));
        context.updateLoggers();
        data = dir.resolve("data");
        up = KafkaTlsTesting.up(data, true);
    }

    @AfterAll
    static void stop() {
        if (up != null) {
            up.close();
        }
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(capture.getName());
        Configurator.setLevel(Map.of("io.rollbook", Level.INFO, "org.apache.kafka", Level.WARN, "kafka", Level.WARN));
        context.updateLoggers();
    }

    static String clientConfig() {
        return data.resolve("kafka-sasl/client.properties").toString();
    }

    @Test
    void theCliSpeaksSaslOverTls() throws Exception {
        assertThat(Files.readString(data.resolve("kafka-sasl/client.properties")))
                .contains("security.protocol=SASL_SSL\n", "sasl.mechanism=SCRAM-SHA-512\n", "ssl.truststore.location=");
        TestCli.Run applied = TestCli.run(up, "apply", "-f", TestCli.example("nginx-deployment.yaml"),
                "--kafka-config", clientConfig());
        assertThat(applied.err()).isEmpty();
        assertThat(applied.out()).isEqualTo("deployment.apps/nginx-deployment created\n");
        Path plainSasl = dir.resolve("sasl-plaintext.properties");
        Files.writeString(plainSasl, Files.readString(Path.of(clientConfig()))
                .replace("security.protocol=SASL_SSL", "security.protocol=SASL_PLAINTEXT"));
        assertThat(KafkaTlsTesting.describeCluster(up.kafka().bootstrapServers(),
                Map.copyOf(KafkaOptions.clientProperties(plainSasl)))).as("SCRAM without TLS").isNotEqualTo("1 node");
    }

    @Test
    void noSecretIsInAStringFormOrALogLine() throws Exception {
        TestCli.Run applied = TestCli.run(up, "get", "deployments", "--kafka-config", clientConfig());
        KafkaCredentials credentials = KafkaCredentials.inDataDir(data, data.resolve("kafka"));
        List<String> secrets = new java.util.ArrayList<>(credentials.passwords().values());
        assertThat(secrets).hasSize(3).allSatisfy(p -> assertThat(p).hasSizeGreaterThan(20));
        Rollbook.Options options = Rollbook.Options.builder().embeddedBroker(data, 0).kafkaSasl(true).kafkaSsl(true)
                .instanceId("x").commandToken("command-token-0123456789")
                .kafkaClientProperties(KafkaOptions.clientProperties(Path.of(clientConfig()))).build();
        secrets.add("command-token-0123456789");
        String forms = String.join("\n", credentials.toString(), up.kafka().toString(), options.toString(),
                applied.out(), applied.err());
        assertThat(LOG).as("the run was logged").isNotEmpty();
        assertThat(String.join("\n", LOG)).as("Kafka printed its configurations").contains("sasl.jaas.config = [hidden]");
        for (String secret : secrets) {
            assertThat(forms).doesNotContain(secret);
            assertThat(LOG).noneMatch(line -> line.contains(secret));
        }
        assertThat(up.kafka().toString()).contains("sasl.jaas.config=[hidden]", "seal=[hidden]");
    }
}
