package io.rollbook.infra.bench;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.EngineListener;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * commandLatencyP50Ms/P99Ms: a paced sender issues Scale/SetImage commands at a fixed rate over
 * the Deployments (applied first, not timed) with the CLI's producer settings (acks=all, no
 * linger); a command's latency is from just before its send to the moment a read_committed
 * consumer first sees its outcome, so it includes the engine's transaction commit. Commands of
 * the warm-up are sent at the same rate but not counted.
 *
 * <p>rawTxLoopLatencyP50Ms/P99Ms: the same sender and watcher against {@link RawTxLoop}, Kafka's
 * consume-transform-produce transactions with as many records per command as the engine writes
 * and no engine in the middle.
 */
final class LatencyPhase {

    private static final OperatingSystemMXBean LOAD = ManagementFactory.getOperatingSystemMXBean();

    private final BenchEnv env;
    private final BenchConfig config;
    private final BenchReport report;

    LatencyPhase(BenchEnv env, BenchConfig config, BenchReport report) {
        this.env = env;
        this.config = config;
        this.report = report;
    }

    void run(EnginePhase.Sample sample, int eventsPerCommand) throws Exception {
        Topics topics = env.topics("bench-latency");
        try (BenchEnv.Engine engine = env.startEngine(topics, EngineListener.NONE)) {
            Setup.applyDeployments(env, topics, config.deployments(), 3, engine);
            // The p99's absolute goal holds for a run whose load average stays under 2: the higher of
            // the 1-minute load before and after the engine's measurement says whether this one did.
            double loadBefore = LOAD.getSystemLoadAverage();
            measure(topics, "command", engine::stopped);
            report.put("commandLatencyLoadAverage", Math.max(loadBefore, LOAD.getSystemLoadAverage()));
        }
        // The same paced commands through Kafka's transactions alone: what the engine cannot go below.
        Topics raw = env.topics("bench-latency-raw");
        try (RawTxLoop loop = new RawTxLoop(env.kafka, raw, sample, eventsPerCommand)) {
            Thread thread = new Thread(loop, "bench-raw-loop");
            thread.setDaemon(true);
            thread.start();
            measure(raw, "rawTxLoop", () -> thread.isAlive() ? null : "the raw loop ended");
            loop.close();
            thread.join(Duration.ofSeconds(30).toMillis());
            double[] steps = loop.averageOffsetsAndCommitMs();
            report.put("rawTxLoopOffsetsMs", steps[0]);
            report.put("rawTxLoopCommitMs", steps[1]);
        }
        report.put("rawTxLoopEventsPerCommand", eventsPerCommand);
    }

    private void measure(Topics topics, String metric, Supplier<String> stopped) throws InterruptedException {
        try (OutcomeWatcher watcher = new OutcomeWatcher(env.kafka, topics)) {
            int warmup = (int) (config.latencyRate() * config.latencyWarmup().toMillis() / 1000);
            int measured = (int) (config.latencyRate() * config.latencyDuration().toMillis() / 1000);
            List<String> ids = new ArrayList<>(warmup + measured);
            long[] sent = new long[warmup + measured];
            double seconds = send(topics, ids, sent);
            long missing = watcher.awaitAll(ids, Duration.ofSeconds(60), stopped);
            summarize(metric, watcher, ids, sent, warmup, missing, seconds);
        }
    }

    /** Sends command i at start + i/rate; returns the seconds sending took. */
    private double send(Topics topics, List<String> ids, long[] sent) {
        long interval = 1_000_000_000L / config.latencyRate();
        try (KafkaProducer<String, byte[]> producer = env.producer("bench-latency-sender", Map.of())) {
            long start = System.nanoTime();
            for (int i = 0; i < sent.length; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                int d = i % config.deployments();
                String id = "lat-" + i;
                CommandEnvelope c = Workload.command(id, Workload.deployment(d),
                        Workload.mixed(i / config.deployments()), Instant.now());
                sent[i] = System.nanoTime();
                producer.send(new ProducerRecord<>(topics.commands(), c.target().key(), Commands.encode(c)));
                ids.add(id);
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private void summarize(String metric, OutcomeWatcher watcher, List<String> ids, long[] sent, int warmup,
                           long missing, double seconds) {
        double[] ms = new double[ids.size() - warmup];
        int n = 0;
        for (int i = warmup; i < ids.size(); i++) {
            Long seen = watcher.seenAt(ids.get(i));
            if (seen != null) {
                ms[n++] = (seen - sent[i]) / 1e6;
            }
        }
        double[] sorted = Arrays.copyOf(ms, n);
        Arrays.sort(sorted);
        if ("command".equals(metric)) {
            report.put("latencyRateAchieved", ids.size() / seconds);
        }
        report.put(metric + "LatencyP50Ms", percentile(sorted, 0.50));
        report.put(metric + "LatencyP99Ms", percentile(sorted, 0.99));
        report.put(metric + "LatencyMaxMs", n == 0 ? Double.NaN : sorted[n - 1]);
        report.note(String.format("%s latency: %d commands at %d/s after %d warm-up ones; %d without outcome;"
                        + " p90 %.1f ms, p99.9 %.1f ms", metric, n, config.latencyRate(), warmup, missing,
                percentile(sorted, 0.90), percentile(sorted, 0.999)));
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
