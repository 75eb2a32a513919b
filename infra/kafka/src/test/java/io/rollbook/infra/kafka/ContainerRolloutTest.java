package io.rollbook.infra.kafka;

import io.rollbook.api.command.Apply;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.value.ObjectRef;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.util.Map;

/** The same rolling update through a Kafka container; skipped where there is no Docker. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerRolloutTest {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Test
    void nginxRollsOverThroughAKafkaContainer() throws Exception {
        ObjectRef nginx = ObjectRef.deployment("default", "nginx-deployment");
        try (EngineHarness h = new EngineHarness(KAFKA.getBootstrapServers())) {
            h.send(nginx, new Apply(EngineHarness.example("nginx-deployment.yaml")));
            h.send(nginx, new SetImage(Map.of("nginx", "nginx:1.16.1")));
            h.awaitEvent(nginx, e -> e.data() instanceof RolloutCompleted c && c.revision() == 2);
            EngineHarness.assertExactlyOnce(h.events());
        }
    }
}
