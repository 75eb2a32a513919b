package io.rollbook.infra.bench;

import io.rollbook.api.event.Events;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.kafka.Topics;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rollbook bench}: the raw-Kafka baselines and the engine, in one JVM against one embedded
 * broker, on the same record sizes. Phases run in this order: the planner alone (no broker yet),
 * engine throughput (its event records feed the raw produce baseline), raw produce, replay against
 * raw consume, latency, simulation, restart on a small and a ten times larger log.
 */
public final class Bench {

    private final BenchConfig config;
    private final Path dataDir;
    private final Profiler profiler;
    private final PrintWriter progress;

    /**
     * @param dataDir  where the broker keeps its log (a throwaway directory)
     * @param jfrDir   where JFR recordings and their summaries go, or null for none
     * @param progress one line per phase as it starts and ends (stderr)
     */
    public Bench(BenchConfig config, Path dataDir, Path jfrDir, PrintWriter progress) {
        this.config = config;
        this.dataDir = dataDir;
        this.profiler = jfrDir == null ? Profiler.none() : new Profiler(jfrDir);
        this.progress = progress;
    }

    /** Events per Scale/SetImage command the raw latency loop writes when the engine phase did not measure it (8.6 measured). */
    static final int EVENTS_PER_COMMAND = 9;

    public BenchReport run() throws Exception {
        BenchReport report = new BenchReport();
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("engineWorkers", config.engineWorkers());
        report.put("maxHeapMb", Runtime.getRuntime().maxMemory() / 1048576.0);
        // The machine may be shared: a load above the cores means the numbers below had company.
        report.put("loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (config.runs(BenchConfig.PLANNER)) {
            // First, on one thread, before the broker starts: nothing else runs in the JVM yet.
            phase("planner", () -> {
                new PlannerPhase(config, report).run();
                return null;
            });
        }
        try (BenchEnv env = BenchEnv.start(dataDir, config.engineWorkers())) {
            EnginePhase.Sample sample = null;
            if (config.runs(BenchConfig.ENGINE)) {
                sample = phase("engine throughput", () -> new EnginePhase(env, config, report, profiler).run());
            }
            EnginePhase.Sample records = sample != null ? sample : generatedSample();
            if (config.runs(BenchConfig.RAW)) {
                phase("raw transactional produce", () -> rawProduce(env, records, report));
            }
            if (config.runs(BenchConfig.REPLAY)) {
                phase("replay vs raw consume", () -> {
                    new ReplayPhase(env, config, report).run();
                    return null;
                });
            }
            if (config.runs(BenchConfig.LATENCY)) {
                double measured = report.number("engineEventsPerCommand");
                int eventsPerCommand = Double.isNaN(measured) ? EVENTS_PER_COMMAND : (int) Math.round(measured);
                phase("latency", () -> {
                    new LatencyPhase(env, config, report).run(records, eventsPerCommand);
                    return null;
                });
            }
            if (config.runs(BenchConfig.SIMULATION)) {
                phase("simulation", () -> {
                    new SimulationPhase(env, config, report, profiler).run();
                    return null;
                });
            }
            if (config.runs(BenchConfig.RESTART)) {
                phase("restart", () -> {
                    new RestartPhase(env, config, report).run();
                    return null;
                });
            }
        }
        ratio(report, "commandsVsRawTxProduce", "engineCommandsRps", "rawTxProduceRps");
        // The same in records: every command writes several events and an outcome, each a record.
        ratio(report, "recordsVsRawTxProduce", "engineRecordsRps", "rawTxProduceRps");
        // The engine's p99 against Kafka's own consume-transform-produce loop of the same run.
        ratio(report, "commandLatencyP99VsRawTxLoop", "commandLatencyP99Ms", "rawTxLoopLatencyP99Ms");
        report.put("loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return report;
    }

    private Object rawProduce(BenchEnv env, EnginePhase.Sample sample, BenchReport report)
            throws InterruptedException {
        Topics topics = env.topics("bench-raw");
        report.put("rawTxProduceRps", RawKafka.produce(env.kafka, topics.events(), sample, config.rawRecords()));
        report.put("rawRecords", config.rawRecords());
        report.put("rawRecordsPerTransaction", sample.recordsPerTransaction());
        return null;
    }

    /** Event records from the generator, when the engine phase did not run. */
    private EnginePhase.Sample generatedSample() {
        List<String> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        LogGenerator generator = new LogGenerator(3);
        for (int i = 0; values.size() < 10_000; i++) {
            generator.rollover(i, e -> {
                keys.add(ObjectRef.keyOfAggregate(e.aggregate()));
                values.add(Events.encode(e));
            });
        }
        return new EnginePhase.Sample(keys, values, RawKafka.RECORDS_PER_TRANSACTION);
    }

    private static void ratio(BenchReport report, String name, String numerator, String denominator) {
        double n = report.number(numerator);
        double d = report.number(denominator);
        if (!Double.isNaN(n) && !Double.isNaN(d) && d > 0) {
            report.put(name, n / d);
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws Exception;
    }

    private <T> T phase(String name, Step<T> step) throws Exception {
        progress.println("bench: " + name + "...");
        progress.flush();
        long started = System.nanoTime();
        T result = step.run();
        progress.printf("bench: %s done in %.1f s%n", name, (System.nanoTime() - started) / 1e9);
        progress.flush();
        return result;
    }
}
