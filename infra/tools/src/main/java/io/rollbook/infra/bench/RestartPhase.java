package io.rollbook.infra.bench;

import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.event.Events;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.kafka.CommandClient;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;

/**
 * What a restart costs as the log ages. Two logs of the same Deployments: the small one has at least
 * S ({@code restartEvents}) events (each Deployment applied and rolled once), the large one the same
 * Deployments rolled as often as makes at least ten times the small log's events (the same live
 * objects, ten times the history). For each, a fresh engine
 * starts on the log (nothing of it kept: a restart) and the clock runs until it answers a new command
 * (a Scale of one of the Deployments, sent as the engine starts); then the heap still used after a
 * full GC, less the heap before the engine started. {@code restartRatio} and
 * {@code restartHeapRatio}: large over small; the goal is at most 1.5 (a restart on day 1,000 as on
 * day 1).
 */
final class RestartPhase {

    /** The large log is at least this many times the small one. */
    static final int LARGE_FACTOR = 10;
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(15);

    private final BenchEnv env;
    private final BenchConfig config;
    private final BenchReport report;

    RestartPhase(BenchEnv env, BenchConfig config, BenchReport report) {
        this.env = env;
        this.config = config;
        this.report = report;
    }

    void run() throws Exception {
        int deployments = deploymentsFor(config.restartEvents());
        double[] small = restart("bench-restart-small", deployments, 1);
        double[] large = restart("bench-restart-large", deployments, rolloversFor(LARGE_FACTOR * (long) small[0]
                / deployments));
        report.put("restartEventsSmall", small[0]);
        report.put("restartEventsLarge", large[0]);
        report.put("restartSecondsSmall", small[1]);
        report.put("restartSecondsLarge", large[1]);
        report.put("restartHeapMbSmall", small[2]);
        report.put("restartHeapMbLarge", large[2]);
        report.put("restartRatio", large[1] / small[1]);
        report.put("restartHeapRatio", large[2] / small[2]);
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

    /** Writes the log, starts an engine on it; returns {events, seconds to the first answer, heap MB kept}. */
    private double[] restart(String prefix, int deployments, int rollovers) throws Exception {
        Topics topics = env.topics(prefix);
        long events = write(topics, deployments, rollovers);
        ObjectRef target = Workload.deployment(0);
        try (CommandClient client = new CommandClient(env.kafka, topics, prefix + "-client")) {
            double before = heapAfterGcMb();
            long started = System.nanoTime();
            try (BenchEnv.Engine engine = env.startEngine(topics, EngineListener.NONE)) {
                Outcome outcome = client.send(Workload.command(prefix + "-scale", target, new Scale(7),
                        Instant.now()), ANSWER_TIMEOUT);
                double seconds = (System.nanoTime() - started) / 1e9;
                if (outcome.status() != Outcome.Status.Accepted) {
                    throw new IllegalStateException("the restarted engine refused the scale: " + outcome.message());
                }
                double heap = Math.max(0.1, heapAfterGcMb() - before);
                report.note(String.format("restart on %d events (%d Deployments of %d replicas, %d rollovers each):"
                                + " answered in %.2f s, %.1f MB kept", events, deployments, config.replayReplicas(),
                        rollovers, seconds, heap));
                if (engine.stopped() != null) {
                    throw new IllegalStateException("the engine stopped: " + engine.stopped());
                }
                return new double[]{events, seconds, heap};
            }
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
