package io.rollbook.infra.bench;

import io.rollbook.api.command.Outcomes;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.infra.kafka.ReadToEnd;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.EngineListener;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * engineCommandsRps: Scale/SetImage commands per second through the whole engine (consume, Axon
 * aggregate, events, outcome, offsets, commit), exactly once. 1,000 Deployments are applied first
 * (not timed); then, with no engine running, N commands are pre-loaded onto the commands topic; then
 * a fresh engine starts and the clock runs from its first processed command until the last of the N
 * outcomes is visible to a read_committed consumer.
 */
final class EnginePhase {

    /** Real engine event records (key, value), kept for the raw baseline: same sizes, same compressibility. */
    /**
     * Real event records of the run, and how many records the engine wrote per transaction: the raw
     * baseline sends the same records in transactions of the same size.
     */
    record Sample(List<String> keys, List<byte[]> values, int recordsPerTransaction) {
    }

    private final BenchEnv env;
    private final BenchConfig config;
    private final BenchReport report;
    private final Profiler profiler;

    EnginePhase(BenchEnv env, BenchConfig config, BenchReport report, Profiler profiler) {
        this.env = env;
        this.config = config;
        this.report = report;
        this.profiler = profiler;
    }

    Sample run() throws Exception {
        Topics topics = env.topics("bench-engine");
        try (BenchEnv.Engine setup = env.startEngine(topics, EngineListener.NONE)) {
            Setup.applyDeployments(env, topics, config.deployments(), 3, setup);
        }
        long setupEvents = ReadToEnd.readAll(env.kafka, "bench-reader", topics.events(), r -> { });
        List<String> ids = preload(topics);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AtomicLong firstProcessed = new AtomicLong();
        // Each engine thread's CPU time at its own first command: start-up and restore are not counted.
        Map<Long, Long> cpuAtFirst = new ConcurrentHashMap<>();
        Instant[] window = new Instant[2];
        AtomicLong transactions = new AtomicLong();
        AtomicLong written = new AtomicLong();
        EngineListener listener = new EngineListener() {
            @Override
            public void transactionCommitted(int commands, int records) {
                transactions.incrementAndGet();
                written.addAndGet(records);
            }

            @Override
            public void processed(CommandEnvelope command, Outcome outcome, Instant finishedAt) {
                cpuAtFirst.computeIfAbsent(Thread.currentThread().getId(), id -> threads.getCurrentThreadCpuTime());
                if (firstProcessed.compareAndSet(0, System.nanoTime())) {
                    window[0] = Instant.now();
                }
            }
        };
        long started = System.nanoTime();
        profiler.start("engine");
        try (OutcomeWatcher watcher = new OutcomeWatcher(env.kafka, topics);
             BenchEnv.Engine engine = env.startEngine(topics, listener)) {
            long missing = watcher.awaitAll(ids, Duration.ofSeconds(120 + ids.size() / 100), engine::stopped);
            long last = ids.stream().map(watcher::seenAt).filter(java.util.Objects::nonNull)
                    .mapToLong(Long::longValue).max().orElse(System.nanoTime());
            window[1] = Instant.now().minusNanos(System.nanoTime() - last);
            long cpu = 0;
            for (Thread t : engine.threads()) {
                long now = threads.getThreadCpuTime(t.getId());
                cpu += now - cpuAtFirst.getOrDefault(t.getId(), now);
            }
            profiler.stop("engine", ids.size(), window);
            double seconds = (last - firstProcessed.get()) / 1e9;
            report.put("engineCommands", ids.size());
            report.put("engineCommandsRps", (ids.size() - missing) / seconds);
            report.put("engineStartMs", (firstProcessed.get() - started) / 1e6);
            report.put("engineThreadCpuShare", cpu / 1e9 / seconds / engine.threads().size());
            // CPU of the engine threads per command: less sensitive than throughput to a shared machine.
            report.put("engineCpuMicrosPerCommand", cpu / 1e3 / (ids.size() - missing));
            report.put("engineRecordsRps", written.get() / seconds);
            int perTransaction = (int) Math.max(1, Math.round(written.get() / (double) Math.max(1, transactions.get())));
            report.put("engineRecordsPerTransaction", perTransaction);
            if (missing > 0) {
                report.note("engine: " + missing + " of " + ids.size() + " commands had no outcome ("
                        + engine.stopped() + ")");
            }
            return verify(topics, ids, watcher, setupEvents, perTransaction);
        }
    }

    /** N commands spread round-robin over the Deployments, written while no engine runs. */
    private List<String> preload(Topics topics) {
        List<String> ids = new ArrayList<>(config.engineCommands());
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = env.producer("bench-engine-sender", Map.of("linger.ms", "5",
                "batch.size", String.valueOf(64 * 1024), "compression.type", "lz4"))) {
            for (int k = 0; k < config.engineCommands(); k++) {
                int d = k % config.deployments();
                String id = "bench-cmd-" + k;
                CommandEnvelope c = Workload.command(id, Workload.deployment(d),
                        Workload.mixed(k / config.deployments()), now);
                producer.send(new ProducerRecord<>(topics.commands(), c.target().key(), Commands.encode(c)));
                ids.add(id);
            }
            producer.flush();
        }
        return ids;
    }

    /**
     * Exactly once: one outcome per command id, and per aggregate event sequences from 0 with no
     * gap or repeat. Also counts events per command and keeps a sample of real event records.
     */
    private Sample verify(Topics topics, List<String> ids, OutcomeWatcher watcher, long setupEvents,
                          int recordsPerTransaction) {
        Set<String> wanted = new HashSet<>(ids);
        Map<Outcome.Status, Long> statuses = new HashMap<>();
        Map<String, Integer> perId = new HashMap<>();
        ReadToEnd.readAll(env.kafka, "bench-reader", topics.outcomes(), r -> {
            if (wanted.contains(r.key())) {
                perId.merge(r.key(), 1, Integer::sum);
                statuses.merge(Outcomes.decode(r.value()).status(), 1L, Long::sum);
            }
        });
        boolean outcomesOnce = perId.size() == ids.size() && perId.values().stream().allMatch(n -> n == 1);
        Map<String, Long> next = new HashMap<>();
        Set<String> eventIds = new HashSet<>();
        long[] bytes = {0};
        boolean[] sequencesOk = {true};
        List<String> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        long events = ReadToEnd.readAll(env.kafka, "bench-reader", topics.events(), r -> {
            EventEnvelope e = Events.decode(r.value());
            long expected = next.getOrDefault(e.aggregate(), 0L);
            sequencesOk[0] &= e.sequence() == expected && eventIds.add(e.eventId());
            next.put(e.aggregate(), expected + 1);
            bytes[0] += r.value().length;
            if (values.size() < 200_000) {
                keys.add(r.key());
                values.add(r.value());
            }
        });
        report.put("engineEventsPerCommand", (events - setupEvents) / (double) ids.size());
        report.put("eventAvgBytes", bytes[0] / (double) Math.max(1, events));
        report.put("exactlyOnce", outcomesOnce && sequencesOk[0]);
        report.note("engine: " + ids.size() + " Scale/SetImage commands over " + config.deployments()
                + " Deployments of 3-5 replicas (no kubelet: pods stay Pending); outcomes " + statuses
                + "; " + (events - setupEvents) + " events; " + watcher.total() + " outcomes read in all");
        return new Sample(keys, values, recordsPerTransaction);
    }
}
