package io.rollbook.infra.bench;

import io.rollbook.infra.kafka.CommandLoop;

import java.time.Duration;
import java.util.Set;

/**
 * The sizes of one benchmark run.
 *
 * @param deployments         Deployments the throughput and latency phases spread commands over
 * @param engineCommands      Scale/SetImage commands pre-loaded for the throughput phase
 * @param rawRecords          records the raw transactional producer sends
 * @param replayEvents        at least this many events in the replay log (Deployments rolled v1 to v2 until reached)
 * @param replayReplicas      replicas of each of those Deployments
 * @param latencyRate         commands per second of the paced sender
 * @param latencyWarmup       paced sending whose latencies are not counted
 * @param latencyDuration     paced sending that is measured
 * @param simDeployments      Deployments of the rollover simulation
 * @param simReplicas         replicas of each
 * @param simCap              the simulation stops here, complete or not (it then reports how far it got)
 * @param phases              which phases run: {@link #ALL} or a subset
 * @param engineWorkers       command loops of each engine the phases start (as {@code up --engine-workers})
 * @param restartEvents       S: the restart phase's small log has at least S events, its large one the same
 *                            Deployments rolled often enough for at least 10 × S
 * @param plannerRound        each of the planner phase's three warm-up and three measured rounds
 */
public record BenchConfig(int deployments, int engineCommands, int rawRecords, int replayEvents,
                          int replayReplicas, int latencyRate, Duration latencyWarmup, Duration latencyDuration,
                          int simDeployments, int simReplicas, Duration simCap, Set<String> phases,
                          int engineWorkers, int restartEvents, Duration plannerRound) {

    public static final String PLANNER = "planner";
    public static final String ENGINE = "engine";
    public static final String RAW = "raw";
    public static final String REPLAY = "replay";
    public static final String LATENCY = "latency";
    public static final String SIMULATION = "simulation";
    public static final String RESTART = "restart";
    public static final Set<String> ALL = Set.of(PLANNER, ENGINE, RAW, REPLAY, LATENCY, SIMULATION, RESTART);

    public BenchConfig {
        phases = Set.copyOf(phases);
        if (!ALL.containsAll(phases)) {
            throw new IllegalArgumentException("phases must be among " + ALL + ", was " + phases);
        }
        if (engineWorkers < 1) {
            throw new IllegalArgumentException("engine workers must be at least 1, was " + engineWorkers);
        }
        if (restartEvents < 1) {
            throw new IllegalArgumentException("restart events must be at least 1, was " + restartEvents);
        }
        if (plannerRound.isNegative() || plannerRound.isZero()) {
            throw new IllegalArgumentException("planner round must be positive, was " + plannerRound);
        }
    }

    /** What docs/BENCHMARKS.md reports: the sizes (the simulation capped at {@code simCap}). */
    public static BenchConfig full(Duration simCap) {
        return new BenchConfig(1_000, 100_000, 1_000_000, 1_000_000, 100, 1_000, Duration.ofSeconds(5),
                Duration.ofSeconds(20), 10_000, 100, simCap, ALL, CommandLoop.DEFAULT_WORKERS, 200_000,
                Duration.ofSeconds(2));
    }

    /** Scaled down so the whole run ends in under 3 minutes on 2 cores. */
    public static BenchConfig quick() {
        return new BenchConfig(1_000, 10_000, 200_000, 150_000, 100, 1_000, Duration.ofSeconds(2),
                Duration.ofSeconds(8), 200, 20, Duration.ofSeconds(60), ALL, CommandLoop.DEFAULT_WORKERS, 20_000,
                Duration.ofSeconds(1));
    }

    /** Tiny sizes for the harness's own test: every metric appears, nothing is meaningful. */
    public static BenchConfig smoke() {
        return new BenchConfig(20, 200, 2_000, 2_000, 10, 200, Duration.ofMillis(200), Duration.ofSeconds(1),
                4, 4, Duration.ofSeconds(30), ALL, CommandLoop.DEFAULT_WORKERS, 1_000,
                Duration.ofMillis(100));
    }

    public boolean runs(String phase) {
        return phases.contains(phase);
    }

    public BenchConfig withPhases(Set<String> value) {
        return new BenchConfig(deployments, engineCommands, rawRecords, replayEvents, replayReplicas,
                latencyRate, latencyWarmup, latencyDuration, simDeployments, simReplicas, simCap, value, engineWorkers, restartEvents,
                plannerRound);
    }

    public BenchConfig withEngineWorkers(int value) {
        return new BenchConfig(deployments, engineCommands, rawRecords, replayEvents, replayReplicas,
                latencyRate, latencyWarmup, latencyDuration, simDeployments, simReplicas, simCap, phases, value, restartEvents,
                plannerRound);
    }
}
