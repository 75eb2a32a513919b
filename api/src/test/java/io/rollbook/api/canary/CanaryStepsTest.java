package io.rollbook.api.canary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The syntax of {@code rollbook.io/canary-steps}: what reads, how it reads back, what is refused and why. */
class CanaryStepsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "[setWeight: 20, pause: {duration: 30s}, setWeight: 50, pause: {}, setWeight: 100] | setWeight: 20; pause: {duration: 30s}; setWeight: 50; pause: {}; setWeight: 100",
            // a bare number of seconds, minutes and hours read as durations and print in the largest unit
            "[pause: {duration: 90}, pause: {duration: 2m}, pause: {duration: 1h}, pause: {duration: 120s}] | pause: {duration: 90s}; pause: {duration: 2m}; pause: {duration: 1h}; pause: {duration: 2m}",
            // minReadyShare is first measured 30 s into a step unless it says after
            "[check: {minReadyShare: 80}, check: {minReadyShare: 50, after: 1m, onFail: pause}] | check: {minReadyShare: 80, after: 30s}; check: {minReadyShare: 50, after: 1m, onFail: pause}",
            "[check: {maxRestarts: 0}, check: {readyWithin: 60s}] | check: {maxRestarts: 0}; check: {readyWithin: 1m}",
            // pause with nothing after the key is pause: {} (YAML null)
            "[pause: ] | pause: {}",
    })
    void readsTheOneLineForm(String value, String described) {
        assertThat(CanarySteps.parse(value).stream().map(CanaryStep::describe).collect(Collectors.joining("; ")))
                .isEqualTo(described);
    }

    @Test
    void readsTheBlockForm() {
        List<CanaryStep> steps = CanarySteps.parse("""
                - check: {readyWithin: 20s}
                - setWeight: 20
                - pause:
                    duration: 30s
                - pause: {}
                """);
        assertThat(steps).containsExactly(new CanaryStep.Check("readyWithin", 20, null, "abort"),
                new CanaryStep.SetWeight(20), new CanaryStep.Pause(java.time.Duration.ofSeconds(30)),
                new CanaryStep.Pause(null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "[setWeight: 101]                     | step 1: setWeight must be between 0 and 100, was 101",
            "[setWeight: -1]                      | step 1: setWeight must be a whole number, was -1",
            "[setWeight: 2.5]                     | step 1: setWeight must be a whole number, was 2.5",
            "[setWeight: '20']                    | step 1: setWeight must be a whole number, was \"20\"",
            "[setWeight: 20, pause: {duration: 1d}] | step 2: pause duration must be a duration such as 30s, 5m or 1h, was \"1d\"",
            "[pause: {duration: 1s, extra: 2}]    | step 1: pause takes {} or {duration: D}",
            "[setWeight: 20, pause: {}, 5]        | step 3: must be one of setWeight: N, pause: {...}, check: {...}",
            "[{setWeight: 20, pause: {}}]         | step 1: must be one of setWeight: N, pause: {...}, check: {...}",
            "[check: {}]                          | step 1: check needs one of maxRestarts, readyWithin, minReadyShare",
            "[check: {maxRestarts: 1, readyWithin: 5s}] | step 1: a check measures one thing, not both maxRestarts and readyWithin",
            "[check: {minReadyShare: 150}]        | step 1: minReadyShare must be between 0 and 100, was 150",
            "[check: {maxRestarts: 1, after: 5s}] | step 1: after applies to minReadyShare only",
            "[check: {maxRestarts: 1, within: 5s}] | step 1: unknown check field \"within\": must be maxRestarts, readyWithin, minReadyShare, after or onFail",
            "[]                                   | must be a non-empty list of steps (setWeight, pause, check)",
            "'{setWeight: 20}'                    | must be a non-empty list of steps (setWeight, pause, check)",
            "'[setWeight: 20'                     | not a YAML list of steps: ",
    })
    void refusesWhatItCannotRead(String value, String message) {
        assertThatThrownBy(() -> CanarySteps.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
        assertThat(CanarySteps.parseOrNull(value)).isNull();
    }

    @ParameterizedTest(name = "{0}% of {1} is {2}")
    @CsvSource({
            "20, 10, 2",
            "50, 10, 5",
            "25, 10, 3",  // 2.5 rounds half up
            "20,  3, 1",  // 0.6 rounds to 1
            " 5,  3, 1",  // 0.15 would be 0: a weight above 0 always has one pod
            " 0, 10, 0",
            "100, 7, 7",
            "99,  1, 1",
            "20,  0, 0",
    })
    void aWeightIsRoundedHalfUpWithAtLeastOnePod(int weight, int replicas, int pods) {
        assertThat(new CanaryStep.SetWeight(weight).replicas(replicas)).isEqualTo(pods);
    }

    @Test
    void theWeightInForceIsTheLastSetWeightSoFar() {
        List<CanaryStep> steps = CanarySteps.parse("[pause: {}, setWeight: 20, pause: {}, setWeight: 50]");
        assertThat(List.of(0, 1, 2, 3, 4).stream().map(i -> CanarySteps.weightAt(steps, i)))
                .containsExactly(0, 20, 20, 50, 100);
    }
}
