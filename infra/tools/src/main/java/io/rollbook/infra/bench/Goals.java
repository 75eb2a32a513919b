package io.rollbook.infra.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The round-3 goals on this 2-core machine, and whether a run's figures meet them: for each goal a
 * {@code <figure>Goal} (its text) and a {@code <figure>Met} (true, false, or null when the run did not
 * measure the figure the goal is about). The one place the judgement is made; pure, so it is tested
 * on plain maps (GoalsTest). docs/BENCHMARKS.md "Round 3" explains each goal.
 */
public final class Goals {

    /** Load averages at or above this mean the latency had company: its absolute goal is not judged. */
    static final double QUIET_LOAD = 2.0;
    /** The simulation's and the replay's goals are about a run of this size; a smaller one does not measure them. */
    static final long MILLION = 1_000_000;

    /**
     * One goal.
     *
     * @param figure the metric it judges
     * @param text   what {@code <figure>Goal} says
     * @param judge  the figures of the run to true/false, or null when the run did not measure it
     */
    record Goal(String figure, String text, Function<Figures, Boolean> judge) {
    }

    static final List<Goal> ALL = List.of(
            new Goal("recordsVsRawTxProduce", ">= 0.5", f -> f.atLeast("recordsVsRawTxProduce", 0.5)),
            new Goal("engineCpuMicrosPerCommand", "<= 40", f -> f.atMost("engineCpuMicrosPerCommand", 40)),
            new Goal("commandLatencyP99VsRawTxLoop", "<= 1.3", f -> f.atMost("commandLatencyP99VsRawTxLoop", 1.3)),
            new Goal("commandLatencyP99Ms", "<= 25 (judged when the load average stays under 2)",
                    f -> f.value("commandLatencyLoadAverage") < QUIET_LOAD ? f.atMost("commandLatencyP99Ms", 25) : null),
            new Goal("plannerReconcilesPerSecond", ">= 2000000",
                    f -> f.atLeast("plannerReconcilesPerSecond", 2_000_000)),
            new Goal("heapAfterGcMb", "<= 2048 with 1,000,000 pods rolled v1 to v2", Goals::simulationHeap),
            new Goal("replayVsRawConsume", ">= 1.2", f -> f.atLeast("replayVsRawConsume", 1.2)),
            new Goal("replaySeconds", "< 2 for 1,000,000 events",
                    f -> f.value("replayEvents") >= MILLION ? f.below("replaySeconds", 2) : null),
            new Goal("restartRatio", "<= 1.5", f -> f.atMost("restartRatio", 1.5)),
            new Goal("restartHeapRatio", "<= 1.5", f -> f.atMost("restartHeapRatio", 1.5)));

    private Goals() {
    }

    /**
     * Every goal's {@code <figure>Goal} and {@code <figure>Met}, in the order of {@link #ALL}, for the
     * run's {@code metrics} (numbers by name; an absent or non-numeric one is not measured).
     */
    public static Map<String, Object> judge(Map<String, ?> metrics) {
        Figures figures = new Figures(metrics);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Goal goal : ALL) {
            out.put(goal.figure() + "Goal", goal.text());
            out.put(goal.figure() + "Met", goal.judge().apply(figures));
        }
        return out;
    }

    /**
     * The simulation's goal is about 1,000,000 pods: a run asking for fewer does not measure it; one
     * asking for that many meets it when every pod rolled and the heap surviving a GC stayed within 2 GiB.
     * (A NaN compares false, so an absent figure is never met.)
     */
    private static Boolean simulationHeap(Figures f) {
        if (!(f.value("simPodsAsked") >= MILLION) || Double.isNaN(f.value("heapAfterGcMb"))) {
            return null;
        }
        return f.value("simulatedPods") >= MILLION && f.value("heapAfterGcMb") <= 2048;
    }

    /** A run's figures by name; NaN when absent. */
    record Figures(Map<String, ?> metrics) {

        double value(String name) {
            return metrics.get(name) instanceof Number n ? n.doubleValue() : Double.NaN;
        }

        Boolean atLeast(String name, double threshold) {
            double v = value(name);
            return Double.isNaN(v) ? null : v >= threshold;
        }

        Boolean atMost(String name, double threshold) {
            double v = value(name);
            return Double.isNaN(v) ? null : v <= threshold;
        }

        /** Strictly below; null when not measured. */
        Boolean below(String name, double threshold) {
            double v = value(name);
            return Double.isNaN(v) ? null : v < threshold;
        }
    }
}
