package io.rollbook.infra.kafka;

import io.rollbook.api.command.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A repeated command id gets its first outcome again, but only once Kafka committed that outcome,
 * and for as long as the outcomes are kept (the window) after it was last answered; a partition
 * remembers a bounded number of ids.
 */
class ProcessedCommandsTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    private final ProcessedCommands processed = new ProcessedCommands(WEEK, 1000);

    private static Outcome accepted(String id, String message) {
        return new Outcome(id, Outcome.Status.Accepted, message, 1L, 3);
    }

    @Test
    void aCommandOfTheOpenTransactionIsAlreadyProcessedForTheRestOfTheBatch() {
        processed.stage(2, accepted("c-1", "deployment.apps/web scaled"), T);

        assertThat(processed.firstOutcome(2, "c-1")).isEqualTo(accepted("c-1", "deployment.apps/web scaled"));
        assertThat(processed.firstOutcome(3, "c-1")).as("another partition's commands are its own").isNull();
    }

    @Test
    void anAbortedTransactionLeavesItsCommandsToRunAgain() {
        processed.stage(2, accepted("c-1", "deployment.apps/web scaled"), T);
        processed.abort();

        assertThat(processed.firstOutcome(2, "c-1")).isNull();
        assertThat(processed.count(2)).isZero();
    }

    @Test
    void aCommittedOutcomeStaysTheFirstOne() {
        processed.stage(2, accepted("c-1", "deployment.apps/web scaled"), T);
        processed.commit(T);
        processed.restored(2, accepted("c-1", "a later copy read back from the log"), T.plusSeconds(1));

        assertThat(processed.firstOutcome(2, "c-1").message()).isEqualTo("deployment.apps/web scaled");
        assertThat(processed.count(2)).isOne();
    }

    @Test
    void theEarliestOutcomeReadBackWins() {
        processed.restored(4, accepted("c-9", "first"), T);
        processed.restored(4, accepted("c-9", "second"), T.plusSeconds(1));

        assertThat(processed.firstOutcome(4, "c-9").message()).isEqualTo("first");
    }

    @Test
    void aPartitionThatMovedAwayIsForgotten() {
        processed.restored(4, accepted("c-9", "first"), T);
        processed.restored(5, accepted("c-8", "kept"), T);
        processed.forget(Set.of(4));

        assertThat(processed.firstOutcome(4, "c-9")).isNull();
        assertThat(processed.firstOutcome(5, "c-8")).isNotNull();
    }

    @Test
    void anIdIsRememberedForTheWindowAfterItWasAnsweredAndThenForgotten() {
        processed.stage(1, accepted("c-old", "first"), T);
        processed.commit(T);
        processed.stage(1, accepted("c-new", "later"), T.plus(Duration.ofDays(3)));
        processed.commit(T.plus(WEEK));

        assertThat(processed.firstOutcome(1, "c-old")).as("answered exactly a window ago").isNotNull();

        processed.commit(T.plus(WEEK).plusMillis(1));

        assertThat(processed.firstOutcome(1, "c-old")).as("answered more than a window ago").isNull();
        assertThat(processed.firstOutcome(1, "c-new")).isNotNull();
        assertThat(processed.count(1)).isOne();
    }

    @Test
    void answeringARepeatAgainKeepsItsFirstOutcomeForAnotherWindow() {
        processed.stage(1, accepted("c-1", "first"), T);
        processed.commit(T);
        processed.stage(1, processed.firstOutcome(1, "c-1"), T.plus(Duration.ofDays(6)));
        processed.commit(T.plus(Duration.ofDays(6)));

        processed.commit(T.plus(Duration.ofDays(12)));

        assertThat(processed.firstOutcome(1, "c-1").message()).isEqualTo("first");
    }

    @Test
    void aPartitionKeepsAtMostItsLimitTheOldestAnsweredGoingFirst() {
        ProcessedCommands small = new ProcessedCommands(WEEK, 3);
        for (int i = 1; i <= 5; i++) {
            small.restored(0, accepted("c-" + i, "ok"), T.plusSeconds(i));
        }

        assertThat(small.count(0)).isEqualTo(3);
        assertThat(small.firstOutcome(0, "c-2")).isNull();
        assertThat(small.firstOutcome(0, "c-3")).isNotNull();
        assertThat(small.firstOutcome(0, "c-5")).isNotNull();
    }
}
