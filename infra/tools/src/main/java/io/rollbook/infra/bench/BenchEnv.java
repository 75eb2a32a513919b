package io.rollbook.infra.bench;

import io.rollbook.infra.kafka.EmbeddedKafka;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.CommandLoop;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One embedded broker (random port, a throwaway directory) shared by every phase; each phase gets
 * its own topics under its own prefix, created with {@link Topics#DEFAULT_PARTITIONS} partitions.
 */
final class BenchEnv implements AutoCloseable {

    static final String ENGINE_INSTANCE = "bench";

    final EmbeddedKafka broker;
    final KafkaSettings kafka;
    private final int engineWorkers;

    private BenchEnv(EmbeddedKafka broker, int engineWorkers) {
        this.broker = broker;
        this.kafka = KafkaSettings.of(broker.bootstrapServers());
        this.engineWorkers = engineWorkers;
    }

    static BenchEnv start(Path dir, int engineWorkers) {
        return new BenchEnv(EmbeddedKafka.start(dir, 0), engineWorkers);
    }

    /** The topics under {@code prefix}, created now and served ({@link Topics#ensure} waits for that). */
    Topics topics(String prefix) {
        Topics topics = Topics.withPrefix(prefix);
        try (Admin admin = kafka.admin("bench-topics")) {
            topics.ensure(admin, Topics.DEFAULT_PARTITIONS);
        }
        return topics;
    }

    /** A command producer as the CLI and the kubelet use it (acks=all, idempotent, no linger), named {@code clientId}, plus {@code own}. */
    KafkaProducer<String, byte[]> producer(String clientId, Map<String, Object> own) {
        return kafka.producer(ClientRole.COMMAND_PRODUCER, clientId, own);
    }

    /**
     * The engine's command loops, each on its own thread, as {@code rollbook up} runs them. Every
     * phase uses the same instance id: the engine is a static group member, so a new id would wait
     * out the old member's session timeout (15 s) before it gets any partition, while the same id
     * takes over at once.
     */
    Engine startEngine(Topics topics, EngineListener listener) {
        List<CommandLoop> loops = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int w = 0; w < engineWorkers; w++) {
            String id = CommandLoop.workerId(ENGINE_INSTANCE, w);
            CommandLoop loop = new CommandLoop(kafka, topics, id, listener);
            Thread thread = new Thread(loop, "bench-engine-" + id);
            thread.setDaemon(true); // a failed phase must not leave the JVM running an engine against a stopped broker
            thread.setUncaughtExceptionHandler((t, e) -> failure.set(e));
            thread.start();
            loops.add(loop);
            threads.add(thread);
        }
        return new Engine(loops, threads, failure);
    }

    /** Running command loops. */
    record Engine(List<CommandLoop> loops, List<Thread> threads, AtomicReference<Throwable> failure)
            implements AutoCloseable {

        /** Null while all run; why one stopped otherwise. */
        String stopped() {
            Throwable t = failure.get();
            return t != null ? t.toString()
                    : threads.stream().allMatch(Thread::isAlive) ? null : "an engine thread ended";
        }

        @Override
        public void close() {
            loops.forEach(CommandLoop::close);
            for (Thread thread : threads) {
                try {
                    thread.join(Duration.ofSeconds(30).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public void close() {
        broker.close();
    }
}
