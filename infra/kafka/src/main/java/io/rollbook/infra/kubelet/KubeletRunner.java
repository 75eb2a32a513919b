package io.rollbook.infra.kubelet;

import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.Tick;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.engine.kubelet.KubeletModel;
import io.rollbook.engine.kubelet.KubeletModel.PlannedReport;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.engine.network.PodNetwork;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The kubelet stand-in and the clock ticker, as a Kafka client like any other: it reads every
 * partition of {@code rollbook.events} from the beginning (no consumer group, read_committed),
 * feeds each event to a {@link KubeletModel}, and at each planned report's due time sends it as a
 * command to {@code rollbook.commands}, keyed by its target.
 *
 * <p>A restart rebuilds the model from the log; reports are scheduled only once it has caught up
 * to the end offsets seen at start, so only those still pending are sent again, and a repeat is
 * harmless anyway: the engine deduplicates by the deterministic commandId. A command's
 * {@code issuedAt} is the clock's time when it is sent, and never earlier than its due time.
 * Every INFO line is per start, catch-up or 30 s summary; single reports log at DEBUG.
 *
 * <p>With several instances, only the elected one sends ({@link #elected}, {@link KubeletElection}):
 * the others read the log too, so the next one elected takes over with its model current and sends
 * whatever is still pending. A report whose send fails is sent again, unless the failure is one a
 * new attempt cannot cure (authorization, configuration, a record too large); after
 * OUT_OF_ORDER_SEQUENCE_NUMBER the producer is replaced first, since its sequence state is what
 * was refused.
 */
public final class KubeletRunner implements Runnable, AutoCloseable {

    /** The consumer group in which instances elect the one kubelet (its ACL is in {@code KafkaAcls}). */
    public static final String GROUP = "rollbook-kubelet";

    private static final Logger LOG = LoggerFactory.getLogger(KubeletRunner.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration SUMMARY_EVERY = Duration.ofSeconds(30);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final int PRUNE_AT = 10_000;

    private final KafkaSettings kafka;
    private final Topics topics;
    private final Stages stages;
    private final Clock clock;
    private final KubeletModel model; // guarded by itself: the poll thread folds, the scheduler asks
    private final Events.Decoder decoder = Events.decoder(); // the poll thread's
    private final ScheduledExecutorService scheduler;
    private final Supplier<Producer<String, byte[]>> producers;
    private final KubeletElection election; // null: a stand-alone kubelet, always the one that sends
    private final List<PlannedReport> waiting = new ArrayList<>(); // guarded by model: planned, not sendable yet
    private final AtomicBoolean renewing = new AtomicBoolean();
    private volatile Producer<String, byte[]> producer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong sentTotal = new AtomicLong();
    private volatile KafkaConsumer<String, byte[]> consumer;

    /** A stand-alone kubelet, the only one: it drives every pod. */
    public KubeletRunner(KafkaSettings kafka, Topics topics, Stages stages, Clock clock) {
        this(kafka, topics, stages, PodNetwork.defaults(stages.nodes()), clock, () -> producer(kafka), null);
    }

    /** A stand-alone kubelet handing pod addresses from {@code network} ({@code up --pod-network-cidr}). */
    public KubeletRunner(KafkaSettings kafka, Topics topics, Stages stages, PodNetwork network, Clock clock) {
        this(kafka, topics, stages, network, clock, () -> producer(kafka), null);
    }

    /**
     * The kubelet of instance {@code instanceId}, one of several: it drives the pods only while it
     * is elected (see {@link KubeletElection}), so adding instances adds no reports.
     */
    public static KubeletRunner elected(KafkaSettings kafka, Topics topics, Stages stages, PodNetwork network,
                                        Clock clock, String instanceId) {
        return new KubeletRunner(kafka, topics, stages, network, clock, () -> producer(kafka),
                new KubeletElection(kafka, topics, instanceId));
    }

    /**
     * The kubelet's producer: a batch that cannot be written within 30 s (a partition not led yet,
     * a broker gone) fails instead of waiting Kafka's 120 s, and its reports are sent again.
     */
    private static Producer<String, byte[]> producer(KafkaSettings kafka) {
        return kafka.producer(ClientRole.COMMAND_PRODUCER, "rollbook-kubelet",
                Map.of("delivery.timeout.ms", "30000", "request.timeout.ms", "10000"));
    }

    /** Creates the producer; {@link #run()} opens the consumer, {@link #close()} closes both. */
    KubeletRunner(KafkaSettings kafka, Topics topics, Stages stages, PodNetwork network, Clock clock,
                  Supplier<Producer<String, byte[]>> producers, KubeletElection election) {
        this.kafka = kafka;
        this.topics = topics;
        this.stages = stages;
        this.clock = clock;
        this.model = new KubeletModel(stages, network);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubelet-scheduler");
            t.setDaemon(true);
            return t;
        });
        this.producers = producers;
        this.producer = producers.get();
        this.election = election;
    }

    /** Whether this kubelet sends reports now: it is the only one, or the elected one. */
    public boolean elected() {
        return election == null || election.elected();
    }

    /** Pod reports and ticks this kubelet has sent (acknowledged by Kafka) since it started. */
    public long sent() {
        return sentTotal.get();
    }

    /** Reads the event log until {@link #close()}. */
    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a KubeletRunner runs once");
        }
        if (election != null) {
            election.start();
        }
        try (KafkaConsumer<String, byte[]> c = kafka.consumer(ClientRole.COMMITTED_READER, "rollbook-kubelet")) {
            consumer = c;
            if (running.get()) {
                poll(c);
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("kubelet stopped reading {}", topics.events(), e);
            throw e;
        } finally {
            finished.countDown();
        }
    }

    /** Assigns every partition of the events topic from the beginning; returns the end offsets to catch up to. */
    private Map<TopicPartition, Long> assignAll(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> all = c.partitionsFor(topics.events()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (all.isEmpty()) {
            throw new IllegalStateException("topic " + topics.events() + " does not exist");
        }
        c.assign(all);
        c.seekToBeginning(all);
        LOG.info("kubelet reading {} partitions of {} from the beginning; stages {}", all.size(), topics.events(),
                stages);
        return c.endOffsets(all);
    }

    private void poll(KafkaConsumer<String, byte[]> c) {
        Map<TopicPartition, Long> end = assignAll(c);
        boolean caughtUp = false;
        boolean active = false;
        int pruneAt = PRUNE_AT;
        Instant lastSummary = clock.instant();
        while (running.get()) {
            for (ConsumerRecord<String, byte[]> r : c.poll(POLL)) {
                List<PlannedReport> planned = fold(r);
                if (active) {
                    planned.forEach(this::schedule);
                } else {
                    synchronized (model) {
                        waiting.addAll(planned);
                    }
                }
            }
            if (!caughtUp && reached(c, end)) {
                caughtUp = true;
                LOG.info("kubelet caught up with the log: {} events read", events.get());
            }
            boolean now = caughtUp && elected();
            if (now && !active) {
                scheduleWaiting(); // caught up, or just elected: whatever is still pending goes now
            }
            active = now;
            synchronized (model) {
                if (waiting.size() > pruneAt) {
                    prune(waiting); // a long log, or a long time not elected, plans far more than is still pending
                    pruneAt = Math.max(PRUNE_AT, 2 * waiting.size());
                }
            }
            lastSummary = maybeSummarize(lastSummary);
        }
    }

    /** Feeds one record to the model; a record it cannot read is logged and skipped, not fatal. */
    private List<PlannedReport> fold(ConsumerRecord<String, byte[]> r) {
        events.incrementAndGet();
        try {
            EventEnvelope e = decoder.decode(r.value()); // the model keeps what it folds: share equal values
            synchronized (model) {
                return model.on(e);
            }
        } catch (IllegalArgumentException ex) {
            LOG.warn("skipping unreadable event {}-{}@{} (key {}): {}", r.topic(), r.partition(), r.offset(),
                    r.key(), ex.getMessage());
            return List.of();
        }
    }

    private void scheduleWaiting() {
        List<PlannedReport> due;
        synchronized (model) {
            prune(waiting);
            due = List.copyOf(waiting);
            waiting.clear();
        }
        due.forEach(this::schedule);
        LOG.info("kubelet {}: {} reports pending", election == null ? "running" : "elected", due.size());
    }

    private void prune(List<PlannedReport> reports) {
        synchronized (model) {
            reports.removeIf(r -> !model.stillWanted(r));
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Runs {@code r} at its due time (rounded up to the millisecond); at once when that has passed. */
    private void schedule(PlannedReport r) {
        Duration delay = Duration.between(clock.instant(), r.due());
        scheduleIn(r, delay.isNegative() ? 0 : delay.plusNanos(999_999).toMillis());
    }

    private void scheduleIn(PlannedReport r, long delayMillis) {
        try {
            scheduler.schedule(() -> fire(r), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            if (running.get()) {
                throw e;
            }
        }
    }

    private void fire(PlannedReport r) {
        synchronized (model) {
            if (!model.stillWanted(r)) {
                stale.incrementAndGet();
                LOG.debug("skipping stale {}", r.commandId());
                return;
            }
            if (!elected()) {
                waiting.add(r); // another instance's kubelet drives the pods now; ours, if elected again
                return;
            }
        }
        // The scheduler's timer is not the clock and may fire a little early (0.4 ms was seen): never
        // let a report claim a time before its due. An early tick finds the engine still waiting, and
        // the engine does not schedule the same wake-up twice.
        Instant now = clock.instant();
        byte[] value = Commands.encode(r.toCommand(now.isBefore(r.due()) ? r.due() : now));
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.commands(), r.target().key(), value);
            kafka.seal().sealInto(record.headers(), value); // its reports are Rollbook's own, not claims
            producer.send(record, (metadata, error) -> acknowledged(r, error));
        } catch (KafkaException | IllegalStateException e) {
            if (running.get()) {
                LOG.warn("cannot send {} to {} ({}); trying again in {}", r.commandId(), topics.commands(),
                        e.toString(), RETRY_AFTER);
                renewProducer();
                scheduleIn(r, RETRY_AFTER.toMillis());
            }
        }
    }

    private void acknowledged(PlannedReport r, Exception error) {
        if (error == null) {
            synchronized (model) {
                model.sent(r);
            }
            (r.payload() instanceof Tick ? ticks : reports).incrementAndGet();
            sentTotal.incrementAndGet();
            LOG.debug("sent {} to {} (due {})", r.commandId(), r.target().key(), r.due());
        } else if (!running.get()) {
            return;
        } else if (incurable(error)) {
            LOG.error("dropping {}: sending to {} (key {}) failed: {}", r.commandId(), topics.commands(),
                    r.target().key(), error.toString());
        } else {
            LOG.warn("sending {} to {} (key {}) failed, retrying in {}: {}", r.commandId(), topics.commands(),
                    r.target().key(), RETRY_AFTER, error.toString());
            if (error instanceof OutOfOrderSequenceException) {
                renewProducer();
            }
            scheduleIn(r, RETRY_AFTER.toMillis());
        }
    }

    /** What no new attempt can cure: the report is dropped (and the rollout waits for a human). */
    private static boolean incurable(Exception error) {
        return error instanceof InvalidConfigurationException || error instanceof AuthenticationException
                || error instanceof RecordTooLargeException || error instanceof SerializationException;
    }

    /**
     * A new producer in place of one whose sequence state the broker refused
     * (OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID): done on the scheduler's thread, once per
     * burst of failures; what the old one still had in flight fails and is sent again.
     */
    private void renewProducer() {
        if (!renewing.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.execute(() -> {
                try {
                    Producer<String, byte[]> old = producer;
                    producer = producers.get();
                    old.close(Duration.ZERO);
                    LOG.info("kubelet: a new producer replaces one the broker refused");
                } finally {
                    renewing.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            renewing.set(false);
        }
    }

    private Instant maybeSummarize(Instant last) {
        Instant now = clock.instant();
        if (Duration.between(last, now).compareTo(SUMMARY_EVERY) < 0) {
            return last;
        }
        long sentReports = reports.getAndSet(0);
        long sentTicks = ticks.getAndSet(0);
        long skipped = stale.getAndSet(0);
        if (sentReports + sentTicks + skipped > 0) {
            LOG.info("kubelet: {} pod reports and {} ticks sent, {} stale skipped in the last {} s ({} events read)",
                    sentReports, sentTicks, skipped, Duration.between(last, now).toSeconds(), events.get());
        }
        return now;
    }

    /** Stops reading, drops what is still scheduled, and closes the Kafka clients. */
    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (election != null) {
            election.close(); // leaves the group: another instance's kubelet is elected at once
        }
        try {
            if (started.get()) {
                finished.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            scheduler.shutdownNow();
            scheduler.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(Duration.ofSeconds(5));
            LOG.info("kubelet stopped after {} events", events.get());
        }
    }
}
