package io.rollbook.infra.cli;

import io.rollbook.infra.bench.Bench;
import io.rollbook.infra.bench.BenchConfig;
import io.rollbook.infra.bench.BenchReport;
import io.rollbook.infra.kafka.CommandLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code rollbook bench [--quick] [-o json]}: the engine against raw-Kafka baselines in one JVM,
 * on one throwaway embedded broker (docs/BENCHMARKS.md says what each number means).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark the engine against raw Kafka on a throwaway embedded broker.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Smaller sizes: the whole run ends in under 3 minutes on 2 cores.")
    boolean quick;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "json: one JSON object on the last line instead of the table.")
    String output;

    @Option(names = "--max-minutes", paramLabel = "N", defaultValue = "10",
            description = "Cap of each half of the full simulation (v1 setup, v2 rollover), in minutes"
                    + " (default ${DEFAULT-VALUE}); it then reports how far it got.")
    double maxMinutes;

    @Option(names = "--phases", paramLabel = "LIST", split = ",",
            description = "Only these phases: planner, engine, raw, replay, latency, simulation, restart (default: all).")
    String[] phases;

    @Option(names = "--engine-workers", paramLabel = "N", defaultValue = "" + CommandLoop.DEFAULT_WORKERS,
            description = "Command loops of each engine the phases start, as up's option (default: ${DEFAULT-VALUE}).")
    int engineWorkers;

    @Option(names = "--jfr", paramLabel = "DIR",
            description = "Record the engine and simulation phases with JFR into DIR, with a summary of each.")
    Path jfr;

    @Override
    public Integer call() throws Exception {
        if (output != null && !"json".equals(output)) {
            throw new IllegalArgumentException("unknown output format \"" + output + "\": only json is supported");
        }
        if (maxMinutes <= 0) {
            throw new IllegalArgumentException("--max-minutes must be positive, was " + maxMinutes);
        }
        BenchConfig config = quick ? BenchConfig.quick()
                : BenchConfig.full(Duration.ofMillis((long) (maxMinutes * 60_000)));
        if (engineWorkers < 1) {
            throw new IllegalArgumentException("--engine-workers must be at least 1, was " + engineWorkers);
        }
        config = config.withEngineWorkers(engineWorkers);
        if (phases != null) {
            config = config.withPhases(new LinkedHashSet<>(Arrays.asList(phases)));
        }
        Path dir = Files.createTempDirectory("rollbook-bench");
        PrintWriter out = spec.commandLine().getOut();
        try {
            BenchReport report = new Bench(config, dir, jfr, spec.commandLine().getErr()).run();
            if ("json".equals(output)) {
                report.printJson(out);
            } else {
                report.printTable(out);
            }
            return 0;
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
