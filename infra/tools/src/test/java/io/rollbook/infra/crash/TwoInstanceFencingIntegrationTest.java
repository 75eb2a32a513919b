package io.rollbook.infra.crash;

import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.infra.kafka.CommandLoop;
import io.rollbook.infra.kafka.EmbeddedKafka;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kubelet.KubeletRunner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two engine instances in one consumer group while commands flow: instances leave and join again
 * between rounds of commands, so partitions move back and forth mid-rollout. Transactions with the
 * group metadata (KIP-447) must keep every event and outcome exactly once.
 */
class TwoInstanceFencingIntegrationTest {

    @TempDir
    Path dir;

    private final Map<String, CommandLoop> loops = new HashMap<>();
    private final Map<String, Thread> threads = new HashMap<>();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void rebalancesBetweenTwoInstancesAppendNoEventTwiceAndAnswerEveryCommandOnce() throws Exception {
        LoadPlan plan = LoadPlan.generate(5, 12);
        Topics topics = Topics.defaults();
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir, 0)) {
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
            try (Admin admin = kafka.admin("test-admin")) {
                topics.ensure(admin);
            }
            KubeletRunner kubelet = new KubeletRunner(kafka, topics, CrashTest.STAGES, Clock.systemUTC());
            Thread kubeletThread = new Thread(kubelet, "kubelet");
            kubeletThread.start();
            start(kafka, topics, "fence-a");
            start(kafka, topics, "fence-b");
            // round by round: a leaves, a returns, b leaves, b returns, ...: every change is a rebalance
            List<Runnable> moves = List.of(() -> stop("fence-a"), () -> start(kafka, topics, "fence-a"),
                    () -> stop("fence-b"), () -> start(kafka, topics, "fence-b"));
            try (LogView view = new LogView(kafka, topics);
                 // one batch in flight: a batch retried on a brand-new topic cannot overtake the next
                 KafkaProducer<String, byte[]> producer = kafka.producer(ClientRole.COMMAND_PRODUCER, "test-load",
                         Map.of("max.in.flight.requests.per.connection", "1"))) {
                for (int round = 0; round < plan.rounds().size(); round++) {
                    for (CommandEnvelope c : plan.rounds().get(round)) {
                        producer.send(new ProducerRecord<>(topics.commands(), c.target().key(),
                                Commands.encode(c.withIssuedAt(Instant.now()))));
                    }
                    producer.flush();
                    Thread.sleep(300);
                    moves.get(round % moves.size()).run();
                }
                if (!loops.containsKey("fence-a")) {
                    start(kafka, topics, "fence-a");
                }
                List<String> ids = plan.commands().stream().map(CommandEnvelope::commandId).toList();
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    view.catchUp();
                    return view.hasOutcomes(ids) && view.settled(plan.deployments());
                });
                loops.keySet().stream().toList().forEach(this::stop);
                view.catchUp();

                LogView.Check check = view.check();
                assertThat(check.problems()).isEmpty();
                assertThat(check.lost()).isZero();
                assertThat(check.duplicated()).isZero();
                assertThat(check.commands()).isGreaterThan(plan.commands().size());
            } finally {
                kubelet.close();
                kubeletThread.join(20_000);
                loops.keySet().stream().toList().forEach(this::stop);
            }
        }
    }

    private void start(KafkaSettings kafka, Topics topics, String id) {
        CommandLoop loop = new CommandLoop(kafka, topics, id, EngineListener.NONE);
        Thread t = new Thread(loop, "engine-" + id);
        loops.put(id, loop);
        threads.put(id, t);
        t.start();
    }

    private void stop(String id) {
        CommandLoop loop = loops.remove(id);
        if (loop == null) {
            return;
        }
        loop.close();
        try {
            threads.remove(id).join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
