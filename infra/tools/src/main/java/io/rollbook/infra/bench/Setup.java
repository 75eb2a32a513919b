package io.rollbook.infra.bench;

import io.rollbook.api.command.Commands;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.infra.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Untimed preparation: Deployments applied through a running engine. */
final class Setup {

    private Setup() {
    }

    /**
     * Applies Deployments {@code bench-0..count-1} of {@code replicas} (image v1) and waits for all
     * their outcomes.
     *
     * @throws IllegalStateException when some outcome does not come within the time allowed
     */
    static void applyDeployments(BenchEnv env, Topics topics, int count, int replicas, BenchEnv.Engine engine)
            throws InterruptedException {
        List<String> ids = new ArrayList<>(count);
        try (OutcomeWatcher watcher = new OutcomeWatcher(env.kafka, topics);
             KafkaProducer<String, byte[]> producer = env.producer("bench-setup-sender", Map.of("linger.ms", "5"))) {
            Instant now = Instant.now();
            for (int i = 0; i < count; i++) {
                String id = topics.prefix() + "-apply-" + i;
                CommandEnvelope c = Workload.command(id, Workload.deployment(i),
                        Workload.apply(i, replicas, Workload.IMAGE_V1), now);
                producer.send(new ProducerRecord<>(topics.commands(), c.target().key(), Commands.encode(c)));
                ids.add(id);
            }
            producer.flush();
            long missing = watcher.awaitAll(ids, Duration.ofSeconds(120 + count / 50), engine::stopped);
            if (missing > 0) {
                throw new IllegalStateException("setup: " + missing + " of " + count
                        + " Deployments were not applied in time (" + engine.stopped() + ")");
            }
        }
    }
}
