package io.rollbook.infra.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.http.HttpApi;
import io.rollbook.infra.kafka.CommandLoop;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.projection.ProjectionRunner;
import io.rollbook.projections.ProjectionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The metrics of {@code up} on a Prometheus registry, served at {@code GET /metrics}: object metrics
 * from the projections (kube-state-metrics' names with a {@code rollbook_} prefix), the engine's
 * command, event and rollout metrics, the engine group's consumer lag, the engine's Kafka client
 * metrics and the JVM's. Object metrics and lag are computed when scraped.
 */
public final class RollbookMetrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RollbookMetrics.class);

    /** Prometheus' text format 0.0.4, what {@link PrometheusMeterRegistry#scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rollbook-metrics");
        t.setDaemon(true);
        return t;
    });
    private final ProjectionStore store;
    private final ObjectMetrics objects;
    private final RolloutMetrics rollouts;
    private final ConsumerLag lag;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    public RollbookMetrics(ProjectionStore store, KafkaSettings kafka, Topics topics) {
        this.store = store;
        this.objects = new ObjectMetrics(registry);
        this.rollouts = new RolloutMetrics(registry);
        this.lag = new ConsumerLag(registry, kafka, CommandLoop.GROUP, topics.commands());
        closeables.add(lag);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.add(gc);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** A listener for the command loop that records the engine metrics, then tells {@code next}. */
    public synchronized EngineListener engineListener(EngineListener next) {
        EngineMetrics engine = new EngineMetrics(registry, scheduler, next);
        closeables.add(engine);
        return engine;
    }

    /** What the projection runner should also feed every event to (rollouts, events folded). */
    public ProjectionRunner.Sink projectionObserver() {
        return rollouts;
    }

    /** Serves {@code GET /metrics}. */
    public void register(HttpApi api) {
        api.route("GET", "/metrics", r -> HttpApi.Response.text(200, CONTENT_TYPE, scrape()));
    }

    /** The Prometheus text exposition, with the scrape-time metrics computed afresh. */
    public synchronized String scrape() {
        objects.refresh(store);
        rollouts.refresh();
        lag.refresh();
        return registry.scrape();
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", c, e.toString()); // and go on: the rest must close too
            }
        }
        scheduler.shutdownNow();
        registry.close();
    }
}
