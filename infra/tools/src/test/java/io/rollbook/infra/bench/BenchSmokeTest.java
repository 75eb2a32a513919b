package io.rollbook.infra.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench's plumbing at tiny sizes: every phase runs and every metric is there and positive.
 * Never a timing threshold: this machine's speed is docs/BENCHMARKS.md's business, not a test's.
 */
class BenchSmokeTest {

    static final List<String> METRICS = List.of("rawTxProduceRps", "engineCommandsRps", "commandsVsRawTxProduce",
            "engineRecordsRps", "recordsVsRawTxProduce", "engineRecordsPerTransaction", "engineCpuMicrosPerCommand",
            "rawRecordsPerTransaction", "rawTxLoopLatencyP50Ms", "rawTxLoopLatencyP99Ms", "rawTxLoopOffsetsMs",
            "rawTxLoopCommitMs",
            "engineEventsPerCommand", "eventAvgBytes", "rawConsumeRps", "replayEventsRps", "replaySeconds",
            "replayVsRawConsume", "deciderCommandsRps", "commandLatencyP50Ms", "commandLatencyP99Ms",
            "simulatedPods", "simulationSeconds", "heapMb", "restartSecondsSmall", "restartSecondsLarge",
            "restartRatio", "restartHeapRatio", "restartHeapMbSmall", "restartHeapMbLarge", "restartEventsLarge",
            "plannerReconcilesPerSecond", "commandLatencyP99VsRawTxLoop", "commandLatencyLoadAverage",
            "restartProjectionSecondsSmall", "restartProjectionSecondsLarge", "restartProjectionHeapRatio");

    @TempDir
    Path dir;

    @Test
    // An upper bound on waiting, not a speed test: the restart phase starts two engines more than it
    // times (each log's snapshots are written before the timed restarts).
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void everyMetricIsPresentAndPositive() throws Exception {
        StringWriter progress = new StringWriter();
        BenchReport report = new Bench(BenchConfig.smoke(), dir.resolve("kafka"), dir.resolve("jfr"),
                new PrintWriter(progress)).run();

        for (String metric : METRICS) {
            assertThat(report.number(metric)).as(metric).isPositive();
        }
        assertThat(report.metrics().get("exactlyOnce")).isEqualTo(true);
        assertThat(report.metrics().get("simulationComplete")).isEqualTo(true);
        assertThat(report.number("simulatedPods")).isEqualTo(BenchConfig.smoke().simDeployments()
                * BenchConfig.smoke().simReplicas());
        assertThat(Files.readString(dir.resolve("jfr").resolve("engine-profile.txt")))
                .contains("Engine thread: samples by stage");

        StringWriter json = new StringWriter();
        report.printJson(new PrintWriter(json));
        String[] lines = json.toString().strip().split("\n");
        assertThat(lines[lines.length - 1]).startsWith("{").contains("\"engineCommandsRps\"");
        // Every goal is judged beside its figure; the smoke sizes measure none of the size-bound ones.
        for (Goals.Goal goal : Goals.ALL) {
            assertThat(lines[lines.length - 1]).contains("\"" + goal.figure() + "Goal\"");
        }
        assertThat(report.goals()).containsEntry("heapAfterGcMbMet", null).containsEntry("replaySecondsMet", null)
                .containsKey("recordsVsRawTxProduceMet");
        assertThat(report.goals().get("recordsVsRawTxProduceMet")).isInstanceOf(Boolean.class);
    }
}
