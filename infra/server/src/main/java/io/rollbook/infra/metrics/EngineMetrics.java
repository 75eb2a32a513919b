package io.rollbook.infra.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.rollout.RolloutRecord;
import io.rollbook.infra.kafka.EngineListener;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The command loop's metrics, fed by its {@link EngineListener} callbacks: commands by type and
 * outcome, command latency (the command's {@code issuedAt} to its outcome), events appended and
 * replayed, dead-lettered records, aborted transactions, commands forwarded to their owner's
 * partition, handlers that failed, command ids the dedupe dropped at its cap, the loop's recoveries
 * and deaths, rollout transitions by transition and reason (counted when their transaction
 * commits), and the engine's Kafka client metrics.
 *
 * <p>Callbacks run inside the loop's open transaction: a batch whose transaction aborts is processed
 * again and counted again ({@code rollbook_transactions_aborted_total} tells how often).
 */
final class EngineMetrics implements EngineListener, AutoCloseable {

    /** Command latency buckets: 1 ms to 1 min (a queued command waits for the batch before it). */
    static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;
    private final ScheduledExecutorService scheduler;
    private final EngineListener next;
    private final Counter appended;
    private final Counter replayed;
    private final Counter restores;
    private final Counter deadLettered;
    private final Counter aborted;
    private final Counter forwarded;
    private final Counter deaths;
    private final Counter dedupeDropped;
    private final Map<Object, KafkaClientMetrics> clients = new IdentityHashMap<>();

    /** {@code next} hears every callback after the metrics (the caller's own listener). */
    EngineMetrics(MeterRegistry registry, ScheduledExecutorService scheduler, EngineListener next) {
        this.registry = registry;
        this.scheduler = scheduler;
        this.next = next;
        appended = Counter.builder("rollbook.events.appended")
                .description("Events the engine appended to the log").register(registry);
        replayed = Counter.builder("rollbook.events.replayed")
                .description("Events read back to rebuild a partition's index when it was assigned").register(registry);
        restores = Counter.builder("rollbook.partition.restores")
                .description("Partitions of the command topic restored from Kafka on assignment").register(registry);
        deadLettered = Counter.builder("rollbook.deadletter.records")
                .description("Records that were not commands, written to the dead-letter topic").register(registry);
        aborted = Counter.builder("rollbook.transactions.aborted")
                .description("Engine transactions aborted (the batch is processed again)").register(registry);
        forwarded = Counter.builder("rollbook.commands.forwarded")
                .description("Commands read on a partition that does not own their target, forwarded to the one that does")
                .register(registry);
        dedupeDropped = Counter.builder("rollbook.dedupe.dropped")
                .description("Command ids a partition's dedupe dropped at its cap before their window ended"
                        + " (a repeat of them runs again)").register(registry);
        deaths = Counter.builder("rollbook.engine.loop.deaths")
                .description("Command loops stopped for good by a failure they cannot recover from").register(registry);

        // Every series from the start, at 0: a series born with its first observation hides that
        // observation from rate() and increase(), which need a sample before it.
        RolloutRecord.REASONS.forEach((transition, reasons) -> reasons.forEach(r -> transitions(transition, r)));
        for (String type : new TreeSet<>(Commands.TYPES.keySet())) {
            for (Outcome.Status status : Outcome.Status.values()) {
                Tags tags = tags(type, status);
                commands(tags);
                latency(tags);
            }
        }
    }

    private static Tags tags(String type, Outcome.Status status) {
        return Tags.of("type", type, "outcome", status.name().toLowerCase(Locale.ROOT));
    }

    private Counter commands(Tags tags) {
        return Counter.builder("rollbook.commands").description("Commands the engine answered, by type and outcome")
                .tags(tags).register(registry);
    }

    private Counter transitions(String transition, String reason) {
        return Counter.builder("rollbook.rollout.transitions")
                .description("Rollout transitions written to rollbook.rollouts, by transition and reason, once committed")
                .tags("transition", transition, "reason", reason).register(registry);
    }

    @Override
    public void rolloutsCommitted(List<RolloutRecord> rollouts) {
        rollouts.forEach(r -> transitions(r.transition(), r.reason()).increment());
        next.rolloutsCommitted(rollouts);
    }

    private Timer latency(Tags tags) {
        return Timer.builder("rollbook.command.latency")
                .description("From a command's issuedAt to its outcome, by type and outcome")
                .tags(tags).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    @Override
    public void transactionCommitted(int commands, int records) {
        next.transactionCommitted(commands, records);
    }

    @Override
    public void forwarded(int from, int to) {
        forwarded.increment();
        next.forwarded(from, to);
    }

    @Override
    public void handlerFailed(CommandEnvelope command, RuntimeException failure) {
        Counter.builder("rollbook.command.failures")
                .description("Commands whose handler threw something other than a rejection (refused as InternalError)")
                .tags("type", command.type(), "exception", failure.getClass().getSimpleName())
                .register(registry).increment();
        next.handlerFailed(command, failure);
    }

    @Override
    public void recovering(String action, Exception cause) {
        Counter.builder("rollbook.engine.recoveries")
                .description("Engine recoveries: retry (a batch again after a backoff) or rejoin (a new session)")
                .tags("action", action.toLowerCase(Locale.ROOT), "exception", cause.getClass().getSimpleName())
                .register(registry).increment();
        next.recovering(action, cause);
    }

    @Override
    public void died(Throwable cause) {
        deaths.increment();
        next.died(cause);
    }

    @Override
    public void processed(CommandEnvelope command, Outcome outcome, Instant finishedAt) {
        Tags tags = tags(command.type(), outcome.status());
        commands(tags).increment();
        if (command.issuedAt() != null) {
            Duration latency = Duration.between(command.issuedAt(), finishedAt);
            latency(tags).record(latency.isNegative() ? Duration.ZERO : latency); // issuedAt from a clock ahead of ours
        }
        appended.increment(outcome.eventCount());
        next.processed(command, outcome, finishedAt);
    }

    @Override
    public void deadLettered(String reason) {
        deadLettered.increment();
        next.deadLettered(reason);
    }

    @Override
    public void restored(int partition, long events, long outcomes) {
        restores.increment();
        replayed.increment(events);
        next.restored(partition, events, outcomes);
    }

    @Override
    public void dedupeDropped(int partition, long ids) {
        dedupeDropped.increment(ids);
        next.dedupeDropped(partition, ids);
    }

    @Override
    public void transactionAborted(Exception cause) {
        aborted.increment();
        next.transactionAborted(cause);
    }

    @Override
    public void clientsCreated(Consumer<?, ?> consumer, Producer<?, ?> producer) {
        KafkaClientMetrics c = new KafkaClientMetrics(consumer, Tags.of("rollbook_client", "engine"), scheduler,
                Duration.ofSeconds(5));
        KafkaClientMetrics p = new KafkaClientMetrics(producer, Tags.of("rollbook_client", "engine"), scheduler,
                Duration.ofSeconds(5));
        c.bindTo(registry);
        p.bindTo(registry);
        synchronized (clients) {
            clients.put(consumer, c);
            clients.put(producer, p);
        }
        next.clientsCreated(consumer, producer);
    }

    @Override
    public void clientsClosed(Consumer<?, ?> consumer, Producer<?, ?> producer) {
        synchronized (clients) {
            for (Object client : new Object[] {consumer, producer}) {
                KafkaClientMetrics m = client == null ? null : clients.remove(client);
                if (m != null) {
                    m.close();
                }
            }
        }
        next.clientsClosed(consumer, producer);
    }

    @Override
    public void close() {
        synchronized (clients) {
            clients.values().forEach(KafkaClientMetrics::close);
            clients.clear();
        }
    }
}
