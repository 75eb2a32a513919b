package io.rollbook.infra.app;

import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.kafka.EmbeddedKafka;
import io.rollbook.infra.http.CommandRoutes;
import io.rollbook.infra.http.HttpApi;
import io.rollbook.infra.http.LiveRoutes;
import io.rollbook.infra.http.ReadRoutes;
import io.rollbook.infra.kube.KubeRoutes;
import io.rollbook.infra.http.RecentEvents;
import io.rollbook.infra.metrics.RollbookMetrics;
import io.rollbook.infra.projection.ProjectionRunner;
import io.rollbook.projections.ProjectionStore;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.CommandLoop;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kubelet.KubeletRunner;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The composition root of {@code rollbook up}: a Kafka (embedded, or an external cluster), the
 * topics, the engine's command loop, the kubelet stand-in and the projections, each on its own
 * thread, and the HTTP port.
 */
public final class Rollbook implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Rollbook.class);

    /**
     * What to run. {@code bootstrapServers} null means an embedded broker on {@code kafkaPort} in
     * {@code dataDir}. {@code engineWorkers} command loops share the command topic's partitions,
     * each a group member with its own transactional producer (see {@link CommandLoop#workerId}).
     */
    public record Options(String bootstrapServers, Map<String, String> kafkaClientProperties, Path dataDir,
                          int kafkaPort, Topics topics, int partitions, String instanceId, Stages stages,
                          boolean kubelet, String httpAddress, int httpPort, int engineWorkers) {

        public Options {
            if (engineWorkers < 1) {
                throw new IllegalArgumentException("engine workers must be at least 1, got " + engineWorkers);
            }
        }

        public Options(String bootstrapServers, Map<String, String> kafkaClientProperties, Path dataDir,
                       int kafkaPort, Topics topics, int partitions, String instanceId, Stages stages,
                       boolean kubelet, String httpAddress, int httpPort) {
            this(bootstrapServers, kafkaClientProperties, dataDir, kafkaPort, topics, partitions, instanceId, stages,
                    kubelet, httpAddress, httpPort, CommandLoop.DEFAULT_WORKERS);
        }

        /** Without HTTP (and so without projections): an engine-only process. */
        public Options(String bootstrapServers, Map<String, String> kafkaClientProperties, Path dataDir,
                       int kafkaPort, Topics topics, int partitions, String instanceId, Stages stages,
                       boolean kubelet) {
            this(bootstrapServers, kafkaClientProperties, dataDir, kafkaPort, topics, partitions, instanceId, stages,
                    kubelet, null, -1);
        }

        boolean http() {
            return httpPort >= 0;
        }
    }

    /** How long a query waits for the projections to reach the end of the log before answering anyway. */
    static final java.time.Duration FRESHNESS_WAIT = java.time.Duration.ofSeconds(5);

    private final EmbeddedKafka broker;
    private final KafkaSettings kafka;
    private final List<AutoCloseable> services = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ProjectionStore store = new ProjectionStore();
    private HttpApi http;
    private RollbookMetrics metrics;

    private Rollbook(EmbeddedKafka broker, KafkaSettings kafka) {
        this.broker = broker;
        this.kafka = kafka;
    }

    /** Starts everything; returns once the broker answers and the threads run. */
    public static Rollbook start(Options options, Clock clock, EngineListener listener) {
        return start(options, clock, listener, null);
    }

    /**
     * Starts everything; returns once the broker answers and the threads run.
     *
     * @param commandToken the bearer token {@code POST /rollbook/v1/commands} requires; null disables it
     */
    public static Rollbook start(Options options, Clock clock, EngineListener listener, String commandToken) {
        EmbeddedKafka broker = options.bootstrapServers() == null
                ? EmbeddedKafka.start(options.dataDir(), options.kafkaPort()) : null;
        String bootstrap = broker != null ? broker.bootstrapServers() : options.bootstrapServers();
        Rollbook rollbook = new Rollbook(broker, new KafkaSettings(bootstrap, options.kafkaClientProperties()));
        try {
            try (Admin admin = Admin.create(rollbook.kafka.properties(Map.of()))) {
                options.topics().ensure(admin, options.partitions());
            }
            // With HTTP: GET /metrics and the live page, fed by the engine's callbacks and the projections.
            rollbook.metrics = options.http()
                    ? new RollbookMetrics(rollbook.store, rollbook.kafka, options.topics()) : null;
            EngineListener engineListener = rollbook.metrics == null ? listener : rollbook.metrics.engineListener(listener);
            for (int w = 0; w < options.engineWorkers(); w++) {
                rollbook.run(w == 0 ? "engine" : "engine-" + w, new CommandLoop(rollbook.kafka, options.topics(),
                        CommandLoop.workerId(options.instanceId(), w), engineListener));
            }
            if (options.kubelet()) {
                rollbook.run("kubelet", new KubeletRunner(rollbook.kafka, options.topics(), options.stages(), clock));
            }
            if (options.http()) {
                RecentEvents recent = new RecentEvents(40);
                ProjectionRunner.Sink observer = rollbook.metrics.projectionObserver();
                ProjectionRunner projections = new ProjectionRunner(rollbook.kafka, options.topics(), (e, p, o) -> {
                    rollbook.store.apply(e, p, o);
                    observer.apply(e, p, o);
                    recent.apply(e, p, o);
                });
                rollbook.run("projections", projections);
                rollbook.http = new HttpApi(options.httpAddress(), options.httpPort());
                new ReadRoutes(rollbook.store, clock, () -> projections.awaitCaughtUp(FRESHNESS_WAIT))
                        .register(rollbook.http);
                rollbook.services.add(new CommandRoutes(commandToken, rollbook.kafka, options.topics(), clock)
                        .register(rollbook.http));
                rollbook.services.add(new KubeRoutes(rollbook.store,
                        () -> projections.awaitCaughtUp(FRESHNESS_WAIT), rollbook.kafka, options.topics(), clock)
                        .register(rollbook.http));
                rollbook.metrics.register(rollbook.http);
                new LiveRoutes(rollbook.store, recent).register(rollbook.http);
                rollbook.http.start();
            }
        } catch (IOException e) {
            rollbook.close();
            throw new UncheckedIOException("cannot listen on " + options.httpAddress() + ":" + options.httpPort()
                    + ": " + e.getMessage(), e);
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

    /** The projections folded so far (read-only use). */
    public ProjectionStore store() {
        return store;
    }

    /** Where HTTP listens, e.g. {@code http://127.0.0.1:8080}. */
    public String httpUrl(String address) {
        return "http://" + address + ":" + http.port();
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
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
        if (metrics != null) {
            metrics.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
