package io.rollbook.infra.kafka;

import io.rollbook.api.command.Outcome;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A repeated command id gets its first outcome again, but only once Kafka committed that outcome. */
class ProcessedCommandsTest {

    private final ProcessedCommands processed = new ProcessedCommands();

    private static Outcome accepted(String id, String message) {
        return new Outcome(id, Outcome.Status.Accepted, message, 1L, 3);
    }

    @Test
    void aCommandOfTheOpenTransactionIsAlreadyProcessedForTheRestOfTheBatch() {
        processed.stage(2, accepted("c-1", "deployment.apps/web scaled"));

        assertThat(processed.firstOutcome(2, "c-1")).isEqualTo(accepted("c-1", "deployment.apps/web scaled"));
        assertThat(processed.firstOutcome(3, "c-1")).as("another partition's commands are its own").isNull();
    }

    @Test
    void anAbortedTransactionLeavesItsCommandsToRunAgain() {
        processed.stage(2, accepted("c-1", "deployment.apps/web scaled"));
        processed.abort();

        assertThat(processed.firstOutcome(2, "c-1")).isNull();
        assertThat(processed.count(2)).isZero();
    }

    @Test
    void aCommittedOutcomeStaysTheFirstOne() {
        processed.stage(2, accepted("c-1", "deployment.apps/web scaled"));
        processed.commit();
        processed.restored(2, accepted("c-1", "a later copy read back from the log"));

        assertThat(processed.firstOutcome(2, "c-1").message()).isEqualTo("deployment.apps/web scaled");
        assertThat(processed.count(2)).isOne();
    }

    @Test
    void theEarliestOutcomeReadBackWins() {
        processed.restored(4, accepted("c-9", "first"));
        processed.restored(4, accepted("c-9", "second"));

        assertThat(processed.firstOutcome(4, "c-9").message()).isEqualTo("first");
    }

    @Test
    void aPartitionThatMovedAwayIsForgotten() {
        processed.restored(4, accepted("c-9", "first"));
        processed.restored(5, accepted("c-8", "kept"));
        processed.forget(Set.of(4));

        assertThat(processed.firstOutcome(4, "c-9")).isNull();
        assertThat(processed.firstOutcome(5, "c-8")).isNotNull();
    }
}
