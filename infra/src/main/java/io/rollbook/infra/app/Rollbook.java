package io.rollbook.infra.app;

import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.broker.EmbeddedBroker;
import io.rollbook.infra.broker.Topics;
import io.rollbook.infra.kafka.CommandLoop;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kubelet.KubeletRunner;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The composition root of {@code rollbook up}: a Kafka (embedded, or an external cluster), the
 * topics, the engine's command loop and the kubelet stand-in, each on its own thread.
 */
public final class Rollbook implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Rollbook.class);

    /** What to run. {@code bootstrapServers} null means an embedded broker on {@code kafkaPort} in {@code dataDir}. */
    public record Options(String bootstrapServers, Map<String, String> kafkaClientProperties, Path dataDir,
                          int kafkaPort, Topics topics, int partitions, String instanceId, Stages stages,
                          boolean kubelet) {
    }

    private final EmbeddedBroker broker;
    private final KafkaSettings kafka;
    private final List<AutoCloseable> services = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    private Rollbook(EmbeddedBroker broker, KafkaSettings kafka) {
        this.broker = broker;
        this.kafka = kafka;
    }

    /** Starts everything; returns once the broker answers and the threads run. */
    public static Rollbook start(Options options, Clock clock, EngineListener listener) {
        EmbeddedBroker broker = options.bootstrapServers() == null
                ? EmbeddedBroker.start(options.dataDir(), options.kafkaPort()) : null;
        String bootstrap = broker != null ? broker.bootstrapServers() : options.bootstrapServers();
        Rollbook rollbook = new Rollbook(broker, new KafkaSettings(bootstrap, options.kafkaClientProperties()));
        try {
            try (Admin admin = Admin.create(rollbook.kafka.properties(Map.of()))) {
                options.topics().ensure(admin, options.partitions());
            }
            rollbook.run("engine", new CommandLoop(rollbook.kafka, options.topics(), options.instanceId(), listener));
            if (options.kubelet()) {
                rollbook.run("kubelet", new KubeletRunner(rollbook.kafka, options.topics(), options.stages(), clock));
            }
        } catch (RuntimeException e) {
            rollbook.close();
            throw e;
        }
        return rollbook;
    }

    private <T extends Runnable & AutoCloseable> void run(String name, T service) {
        Thread t = new Thread(() -> {
            try {
                service.run();
            } catch (RuntimeException e) {
                LOG.error("{} stopped: {}", name, e.toString(), e);
            }
        }, "rollbook-" + name);
        services.add(service);
        threads.add(t);
        t.start();
    }

    public KafkaSettings kafka() {
        return kafka;
    }

    @Override
    public void close() {
        for (AutoCloseable s : services) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", s, e.toString());
            }
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (broker != null) {
            broker.close();
        }
    }
}
