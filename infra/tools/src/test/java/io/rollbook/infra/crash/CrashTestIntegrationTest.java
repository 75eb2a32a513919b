package io.rollbook.infra.crash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short crash test of the default suite: 10 Deployments, the engine SIGKILLed twice in its own
 * JVM against a broker in another, then the same commands fault-free. After each kill and at the
 * end, what a restart restores from the snapshots written (often, in this test) and the tail equals
 * the fold of the whole log. No timing thresholds: only generous upper bounds on waiting.
 */
class CrashTestIntegrationTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void killedEngineLosesAndDoublesNothingAndEndsWhereAFaultFreeRunEnds() throws Exception {
        StringWriter progress = new StringWriter();
        CrashTest.Result result = CrashTest.run(new CrashTest.Options(2, 10, 42, dir,
                System.getProperty("java.class.path"), Duration.ofMinutes(4), new PrintWriter(progress, true)));

        String why = progress + "\n" + result.line();
        assertThat(result.kills()).as(why).isEqualTo(2);
        assertThat(result.crash().commands()).as(why).isGreaterThan(40); // 10 Applies + >= 40 user commands + reports
        assertThat(result.crash().lost()).as(why).isZero();
        assertThat(result.crash().duplicated()).as(why).isZero();
        assertThat(result.clean().ok()).as(why).isTrue();
        assertThat(result.crashSettled() && result.cleanSettled()).as(why).isTrue();
        assertThat(result.differences()).as(why).isEmpty();
        assertThat(result.restores().differences()).as(why).isEmpty();
        assertThat(result.restores().fromSnapshot()).as("partitions restored from a snapshot; " + why).isPositive();
        assertThat(result.line()).as(why).matches("crash test: 2 kills, \\d+ commands, 0 lost, 0 duplicated, final state"
                + " equal, restores equal \\(\\d+ of 18 partitions from snapshots\\)");
    }
}
