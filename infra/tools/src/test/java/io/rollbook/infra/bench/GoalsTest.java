package io.rollbook.infra.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each goal judged from plain figures: met, not met at the bound's edge, and not judged when not measured. */
class GoalsTest {

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @CsvSource({
            "recordsVsRawTxProduce,        0.5,     true",   // the bound itself meets it
            "recordsVsRawTxProduce,        0.499,   false",
            "engineCpuMicrosPerCommand,    40,      true",
            "engineCpuMicrosPerCommand,    40.1,    false",
            "commandLatencyP99VsRawTxLoop, 1.3,     true",
            "commandLatencyP99VsRawTxLoop, 2.07,    false",  // round 2: 40.3 ms against Kafka's 19.5
            "plannerReconcilesPerSecond,   2000000, true",
            "plannerReconcilesPerSecond,   1280000, false",
            "replayVsRawConsume,           1.2,     true",
            "replayVsRawConsume,           1.19,    false",
            "restartRatio,                 1.5,     true",
            "restartRatio,                 3.96,    false",
            "restartHeapRatio,             1.02,    true",
    })
    void aBoundOnOneFigure(String figure, double value, boolean met) {
        Map<String, Object> goals = Goals.judge(Map.of(figure, value));
        assertThat(goals.get(figure + "Met")).isEqualTo(met);
    }

    @Test
    void everyGoalIsListedAndNoneIsJudgedWithoutItsFigure() {
        Map<String, Object> goals = Goals.judge(Map.of("engineCommandsRps", 4170));
        assertThat(goals).hasSize(2 * Goals.ALL.size());
        for (Goals.Goal goal : Goals.ALL) {
            assertThat(goals.get(goal.figure() + "Goal")).isEqualTo(goal.text());
            assertThat(goals.get(goal.figure() + "Met")).as(goal.figure()).isNull();
        }
    }

    @Test
    void aFigureThatIsNotANumberIsNotMeasured() {
        assertThat(Goals.judge(Map.of("restartRatio", "n/a")).get("restartRatioMet")).isNull();
    }

    @ParameterizedTest(name = "p99 {0} ms at load {1} -> {2}")
    @CsvSource({
            "24.9, 1.2,  true",
            "25.1, 1.9,  false",
            "24.9, 2.0,  ",      // a load of 2 or more: the absolute bound is not judged, either way
            "40.3, 4.3,  ",
    })
    void theAbsoluteLatencyIsJudgedOnlyOnAQuietMachine(double p99, double load, Boolean met) {
        Map<String, Object> goals = Goals.judge(Map.of("commandLatencyP99Ms", p99, "commandLatencyLoadAverage", load));
        assertThat(goals.get("commandLatencyP99MsMet")).isEqualTo(met);
    }

    @Test
    void theLatencyWithoutItsLoadIsNotJudged() {
        assertThat(Goals.judge(Map.of("commandLatencyP99Ms", 10.0)).get("commandLatencyP99MsMet")).isNull();
    }

    @ParameterizedTest(name = "{0} pods asked, {1} rolled, {2} MB after GC -> {3}")
    @CsvSource({
            "4000,    4000,    533,  ",       // the quick run's simulation is too small to say
            "1000000, 1000000, 2048, true",
            "1000000, 1000000, 3731, false",  // round 2
            "1000000, 409919,  1500, false",  // stopped before every pod rolled: not met, whatever the heap
    })
    void theSimulationHeapIsJudgedOnAMillionPods(long asked, long rolled, double heapAfterGc, Boolean met) {
        Map<String, Object> figures = Map.of("simPodsAsked", asked, "simulatedPods", rolled,
                "heapAfterGcMb", heapAfterGc);
        assertThat(Goals.judge(figures).get("heapAfterGcMbMet")).isEqualTo(met);
    }

    @ParameterizedTest(name = "{0} events in {1} s -> {2}")
    @CsvSource({
            "150000,  0.4,  ",      // the quick log: not the goal's million
            "1000776, 1.99, true",
            "1000776, 2.0,  false", // under 2 s, strictly
            "1000776, 2.43, false", // round 2
    })
    void theReplayTimeIsJudgedOnAMillionEvents(long events, double seconds, Boolean met) {
        Map<String, Object> figures = new HashMap<>();
        figures.put("replayEvents", events);
        figures.put("replaySeconds", seconds);
        assertThat(Goals.judge(figures).get("replaySecondsMet")).isEqualTo(met);
    }
}
