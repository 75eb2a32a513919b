package io.rollbook.infra.bench;

import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.event.Events;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.infra.kafka.CommandClient;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.ReadToEnd;
import io.rollbook.infra.kafka.RestoreCheck;
import io.rollbook.infra.kafka.Topics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import io.rollbook.infra.projection.KafkaEventHistory;
import io.rollbook.infra.projection.ProjectionCheckpointFile;
import io.rollbook.infra.projection.ProjectionRunner;
import io.rollbook.projections.ProjectionStore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a restart costs as the log ages. Two logs of the same Deployments: the small one has at least
 * S ({@code restartEvents}) events (each Deployment applied and rolled once), the large one the same
 * Deployments rolled as often as makes at least ten times the small log's events (the same live
 * objects, ten times the history). For each, a fresh engine
 * starts on the log (nothing of it kept: a restart) and the clock runs until it answers a new command
 * (a Scale of one of the Deployments, sent as the engine starts); then the heap still used after a
 * full GC, less the heap before the engine started. {@code restartRatio} and
 * {@code restartHeapRatio}: large over small; the goal is at most 1.5 (a restart on day 1,000 as on
 * day 1). Each log is restarted twice, alternating, and the best of each counts: the first start in
 * the JVM pays the JIT's warm-up. Before the timed restarts an engine runs once on each log until it
 * has written the snapshot of every partition, as an engine that had been running would have: the
 * timed restarts read the snapshots and the tail after them.
 *
 * <p>The projections' part, after the engine answered on each restart: a fresh {@link ProjectionStore}
 * fed by a {@link ProjectionRunner} until it has caught up with the log (a query then answers), and
 * the heap it keeps after GC. The first round reads the log in full and writes a checkpoint when it
 * stops, the second restarts from that checkpoint: {@code restartProjectionSecondsFull*},
 * {@code restartProjectionSeconds*} (from the checkpoint), {@code restartProjectionHeapMb*} and
 * {@code restartProjectionHeapRatio} (large over small, the read model of the same live objects).
 */
final class RestartPhase {

    /** The large log is at least this many times the small one. */
    static final int LARGE_FACTOR = 10;
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(15);

    private final BenchEnv env;
    private final BenchConfig config;
    private final BenchReport report;
    /** Where the projections write their checkpoints during the phase. */
    private Path checkpoints;

    RestartPhase(BenchEnv env, BenchConfig config, BenchReport report) {
        this.env = env;
        this.config = config;
        this.report = report;
    }

    void run() throws Exception {
        checkpoints = Files.createTempDirectory("rollbook-bench-projections");
        try {
            measure();
        } finally {
            try (var files = Files.list(checkpoints)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(checkpoints);
        }
    }

    private void measure() throws Exception {
        int deployments = deploymentsFor(config.restartEvents());
        Topics small = env.topics("bench-restart-small");
        Topics large = env.topics("bench-restart-large");
        long smallEvents = write(small, deployments, 1);
        long largeEvents = write(large, deployments, rolloversFor(LARGE_FACTOR * smallEvents / deployments));
        awaitSnapshots(small);
        awaitSnapshots(large);
        // Alternating twice, the best of each counting: the first start in this JVM also pays the JIT's warm-up.
        double[] bestSmall = {Double.MAX_VALUE, Double.MAX_VALUE, 0, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] bestLarge = {Double.MAX_VALUE, Double.MAX_VALUE, 0, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int round = 1; round <= 2; round++) {
            best(bestSmall, restart(small, smallEvents, deployments, round));
            best(bestLarge, restart(large, largeEvents, deployments, round));
        }
        report.put("restartEventsSmall", smallEvents);
        report.put("restartEventsLarge", largeEvents);
        report.put("restartSecondsSmall", bestSmall[0]);
        report.put("restartSecondsLarge", bestLarge[0]);
        report.put("restartHeapMbSmall", bestSmall[1]);
        report.put("restartHeapMbLarge", bestLarge[1]);
        report.put("restartRatio", bestLarge[0] / bestSmall[0]);
        report.put("restartHeapRatio", bestLarge[1] / bestSmall[1]);
        report.put("restartProjectionSecondsFullSmall", bestSmall[2]);
        report.put("restartProjectionSecondsFullLarge", bestLarge[2]);
        report.put("restartProjectionSecondsSmall", bestSmall[3]);
        report.put("restartProjectionSecondsLarge", bestLarge[3]);
        report.put("restartProjectionHeapMbSmall", bestSmall[4]);
        report.put("restartProjectionHeapMbLarge", bestLarge[4]);
        report.put("restartProjectionHeapRatio", bestLarge[4] / bestSmall[4]);
    }

    /** {seconds, heap MB} of the engine and of the projections' heap: the best; the projections' times by round. */
    private static void best(double[] best, double[] run) {
        best[0] = Math.min(best[0], run[0]);
        best[1] = Math.min(best[1], run[1]);
        best[run[4] == 1 ? 2 : 3] = run[2]; // round 1 reads the log in full, round 2 from its checkpoint
        best[4] = Math.min(best[4], run[3]);
    }

    /** Deployments of {@code replayReplicas} rolled once that make at least {@code events} events. */
    private int deploymentsFor(long events) {
        LogGenerator generator = new LogGenerator(config.replayReplicas());
        long[] counted = {0};
        int deployments = 0;
        while (counted[0] < events) {
            generator.rollover(deployments++, e -> counted[0]++);
        }
        return deployments;
    }

    /** Rollovers of one Deployment that make at least {@code events} events (every Deployment logs the same). */
    private int rolloversFor(long events) {
        int rollovers = 1;
        while (eventsOf(rollovers) < events) {
            rollovers++;
        }
        return rollovers;
    }

    private long eventsOf(int rollovers) {
        long[] counted = {0};
        new LogGenerator(config.replayReplicas()).rollovers(0, rollovers, e -> counted[0]++);
        return counted[0];
    }

    /** Starts a fresh engine on the log; returns {seconds to the first answer, heap MB kept}. */
    private double[] restart(Topics topics, long events, int deployments, int round) throws Exception {
        ObjectRef target = Workload.deployment(0);
        String prefix = topics.prefix();
        try (CommandClient client = new CommandClient(env.kafka, topics, prefix + "-client-" + round)) {
            double before = heapAfterGcMb();
            long started = System.nanoTime();
            try (BenchEnv.Engine engine = env.startEngine(topics, EngineListener.NONE)) {
                Outcome outcome = client.send(Workload.command(prefix + "-scale-" + round, target,
                        new Scale(5 + round), Instant.now()), ANSWER_TIMEOUT);
                double seconds = (System.nanoTime() - started) / 1e9;
                if (outcome.status() != Outcome.Status.Accepted) {
                    throw new IllegalStateException("the restarted engine refused the scale: " + outcome.message());
                }
                // At least 0.1 MB: a difference of two heaps after GC below that is the collector's noise.
                double heap = Math.max(0.1, heapAfterGcMb() - before);
                report.note(String.format("restart %d on %d events (%d Deployments of %d replicas): answered in %.2f s,"
                        + " %.1f MB kept", round, events, deployments, config.replayReplicas(), seconds, heap));
                if (engine.stopped() != null) {
                    throw new IllegalStateException("the engine stopped: " + engine.stopped());
                }
                double[] projections = projections(topics, events, round);
                return new double[]{seconds, heap, projections[0], projections[1], round};
            }
        }
    }

    /** Runs an engine on the log until every partition's snapshot covers the log as written (not timed). */
    private void awaitSnapshots(Topics topics) throws Exception {
        Map<Integer, Long> end;
        try (KafkaConsumer<String, byte[]> consumer = env.kafka.consumer(ClientRole.COMMITTED_READER,
                topics.prefix() + "-ends")) {
            List<TopicPartition> tps = ReadToEnd.partitionsOf(consumer, topics.events());
            end = new HashMap<>();
            consumer.endOffsets(tps).forEach((tp, offset) -> end.put(tp.partition(), offset));
        }
        long started = System.nanoTime();
        try (BenchEnv.Engine engine = env.startEngine(topics, EngineListener.NONE)) {
            while (!covered(topics, end)) {
                if (engine.stopped() != null) {
                    throw new IllegalStateException("the engine stopped: " + engine.stopped());
                }
                if (System.nanoTime() - started > ANSWER_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("no snapshot of every partition of " + topics.events() + " within "
                            + ANSWER_TIMEOUT);
                }
                Thread.sleep(500);
            }
        }
        report.note(String.format("snapshots of %s written in %.1f s (not timed)", topics.events(),
                (System.nanoTime() - started) / 1e9));
    }

    private boolean covered(Topics topics, Map<Integer, Long> end) {
        Map<Integer, Long> snapshots = RestoreCheck.snapshotOffsets(env.kafka, topics, end.size());
        return end.entrySet().stream().allMatch(e -> e.getValue() == 0
                || snapshots.getOrDefault(e.getKey(), -1L) >= e.getValue());
    }

    /**
     * A fresh read model on the log, with checkpoints in the bench's directory; returns {seconds
     * until it has caught up, heap MB it keeps}.
     */
    private double[] projections(Topics topics, long events, int round) throws Exception {
        double before = heapAfterGcMb();
        long started = System.nanoTime();
        ProjectionStore store = new ProjectionStore(new KafkaEventHistory(env.kafka, topics));
        ProjectionRunner runner = new ProjectionRunner(env.kafka, topics, store::apply,
                new ProjectionCheckpointFile(checkpoints, topics.events(), store, Duration.ofHours(1)));
        Thread thread = new Thread(runner, topics.prefix() + "-projections");
        thread.start();
        try {
            if (!runner.awaitCaughtUp(ANSWER_TIMEOUT)) {
                throw new IllegalStateException("the projections did not catch up with " + events + " events");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double heap = Math.max(0.1, heapAfterGcMb() - before);
            report.note(String.format("projections %s on %d events: caught up in %.2f s (%d read), %.1f MB kept "
                    + "(%d aggregates)", round == 1 ? "from offset 0" : "from their checkpoint", events, seconds,
                    runner.applied(), heap, store.aggregates()));
            return new double[]{seconds, heap};
        } finally {
            runner.close();
            thread.join(60_000);
        }
    }

    /** The log in transactions of 500 records, as the engine writes it; returns its size. */
    private long write(Topics topics, int deployments, int rollovers) {
        LogGenerator generator = new LogGenerator(config.replayReplicas());
        long[] written = {0};
        try (KafkaProducer<String, byte[]> producer = env.kafka.transactionalProducer(topics.prefix() + "-writer")) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < deployments; i++) {
                generator.rollovers(i, rollovers, e -> {
                    producer.send(new ProducerRecord<>(topics.events(), ObjectRef.keyOfAggregate(e.aggregate()),
                            Events.encode(e)));
                    if (++written[0] % RawKafka.RECORDS_PER_TRANSACTION == 0) {
                        producer.commitTransaction();
                        producer.beginTransaction();
                    }
                });
            }
            producer.commitTransaction();
        }
        return written[0];
    }

    /** The heap still used after full collections, in MB. */
    private static double heapAfterGcMb() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }
}
