package io.rollbook.infra.cli;

import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code up --kafka-sasl}: the embedded broker authenticates and authorizes, the engine runs as
 * {@code User:engine}, and the CLI with the generated {@code client.properties} is a client: its
 * commands are answered, its append to the event log is refused; the same data directory is not
 * started again without the flag.
 */
class UpKafkaSaslIntegrationTest {

    @Test
    void theCliIsAClientAndTheEngineTheOnlyWriterOfEvents(@TempDir Path dir) throws Exception {
        Stages fast = new Stages(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(50), 0.2,
                List.of("node-1"), 7);
        Path data = dir.resolve("data");
        try (Rollbook up = Rollbook.start(Rollbook.Options.builder().embeddedBroker(data, 0).kafkaSasl(true)
                .instanceId("sasl").stages(fast).http("127.0.0.1", 0).build(), Clock.systemUTC(), EngineListener.NONE)) {
            String clientConfig = data.resolve("kafka-sasl/client.properties").toString();

            TestCli.Run applied = TestCli.run(up, "apply", "-f", TestCli.example("nginx-deployment.yaml"),
                    "--kafka-config", clientConfig);
            assertThat(applied.err()).isEmpty();
            assertThat(applied.out()).isEqualTo("deployment.apps/nginx-deployment created\n");

            TestCli.Run anonymous = TestCli.run(up, "scale", "deployment/nginx-deployment", "--replicas=1",
                    "--request-timeout=5s");
            assertThat(anonymous.exit()).isEqualTo(1);

            KafkaSettings client = new KafkaSettings(up.kafka().bootstrapServers(),
                    KafkaOptions.clientProperties(Path.of(clientConfig)));
            try (KafkaProducer<String, byte[]> forger = client.producer(ClientRole.COMMAND_PRODUCER, "forger",
                    Map.of("max.block.ms", "20000"))) {
                ProducerRecord<String, byte[]> forged = new ProducerRecord<>(Topics.defaults().events(),
                        "default/nginx-deployment", "{}".getBytes(StandardCharsets.UTF_8));
                assertThatThrownBy(() -> forger.send(forged).get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
        // Started again without the flag, the same broker would take everyone unauthenticated: refused.
        assertThatThrownBy(() -> Rollbook.start(Rollbook.Options.builder().embeddedBroker(data, 0)
                .instanceId("sasl").stages(fast).http("127.0.0.1", 0).build(), Clock.systemUTC(), EngineListener.NONE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("was first started with --kafka-sasl");
    }
}
