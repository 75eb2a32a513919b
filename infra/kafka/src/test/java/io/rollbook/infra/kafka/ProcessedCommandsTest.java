package io.rollbook.infra.kafka;

import io.rollbook.api.command.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A repeated command id gets its first outcome again, but only once Kafka committed that outcome,
 * and for as long as the outcomes are kept (the window) after it was last answered; a partition
 * keeps a bounded number of answers, as hashes and offsets, and reads the outcome back on a hit, so
 * ids that share a hash never share an outcome.
 */
class ProcessedCommandsTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    private final MemoryOutcomeLog log = new MemoryOutcomeLog();
    private final List<String> dropped = new ArrayList<>();
    private final EngineListener listener = new EngineListener() {
        @Override
        public void dedupeDropped(int partition, long ids) {
            dropped.add(partition + ":" + ids);
        }
    };
    private final ProcessedCommands processed = new ProcessedCommands(WEEK, 1000, log, listener);

    private static Outcome accepted(String id, String message) {
        return new Outcome(id, Outcome.Status.Accepted, message, 1L, 3);
    }

    /** What the loop does with an outcome: publishes it in the open transaction and stages it. */
    private void answer(ProcessedCommands p, int partition, Outcome outcome, Instant at) {
        p.stage(partition, outcome, at, log.append(partition, outcome));
    }

    /** An outcome record as a restore reads it back. */
    private void restore(ProcessedCommands p, int partition, Outcome outcome, Instant at) {
        long offset = log.nextOffset(partition);
        log.append(partition, outcome);
        p.restored(partition, outcome.commandId(), offset, at);
    }

    @Test
    void aCommandOfTheOpenTransactionIsAlreadyProcessedForTheRestOfTheBatch() {
        answer(processed, 2, accepted("c-1", "deployment.apps/web scaled"), T);

        assertThat(processed.firstOutcome(2, "c-1")).isEqualTo(accepted("c-1", "deployment.apps/web scaled"));
        assertThat(processed.firstOutcome(3, "c-1")).as("another partition's commands are its own").isNull();
        assertThat(log.reads).as("the batch's own outcomes are at hand").isZero();
    }

    @Test
    void anAbortedTransactionLeavesItsCommandsToRunAgain() {
        answer(processed, 2, accepted("c-1", "deployment.apps/web scaled"), T);
        processed.abort();
        processed.commit(T);

        assertThat(processed.firstOutcome(2, "c-1")).isNull();
        assertThat(processed.count(2)).isZero();
    }

    @Test
    void aCommittedOutcomeIsReadBackFromTheLogAtItsOffset() {
        answer(processed, 2, accepted("c-1", "deployment.apps/web scaled"), T);
        processed.commit(T);

        assertThat(processed.firstOutcome(2, "c-1")).isEqualTo(accepted("c-1", "deployment.apps/web scaled"));
        assertThat(log.reads).isOne();
        assertThat(processed.firstOutcome(2, "c-2")).as("an id never answered costs no read").isNull();
        assertThat(log.reads).isOne();
    }

    @Test
    void aCommittedOutcomeStaysTheFirstOne() {
        answer(processed, 2, accepted("c-1", "deployment.apps/web scaled"), T);
        processed.commit(T);
        restore(processed, 2, accepted("c-1", "a later copy read back from the log"), T.plusSeconds(1));

        assertThat(processed.firstOutcome(2, "c-1").message()).isEqualTo("deployment.apps/web scaled");
    }

    @Test
    void theEarliestOutcomeReadBackWins() {
        restore(processed, 4, accepted("c-9", "first"), T);
        restore(processed, 4, accepted("c-9", "second"), T.plusSeconds(1));

        assertThat(processed.firstOutcome(4, "c-9").message()).isEqualTo("first");
    }

    @Test
    void whenTheLogNoLongerHoldsTheFirstRecordALaterCopyAnswers() {
        answer(processed, 1, accepted("c-1", "first"), T);
        processed.commit(T);
        answer(processed, 1, processed.firstOutcome(1, "c-1"), T.plus(Duration.ofDays(6))); // a repeat, answered again
        processed.commit(T.plus(Duration.ofDays(6)));
        log.delete(1, 0); // retention deleted the first record

        assertThat(processed.firstOutcome(1, "c-1").message()).isEqualTo("first");
    }

    @Test
    void idsThatShareAHashKeepTheirOwnOutcomes() {
        ProcessedCommands colliding = new ProcessedCommands(WEEK, 1000, log, listener, id -> 42L);
        answer(colliding, 0, accepted("c-a", "a"), T);
        answer(colliding, 0, accepted("c-b", "b"), T);
        colliding.commit(T);

        assertThat(colliding.firstOutcome(0, "c-a").message()).isEqualTo("a");
        assertThat(colliding.firstOutcome(0, "c-b").message()).isEqualTo("b");
        assertThat(colliding.firstOutcome(0, "c-new")).as("a new id with the same hash is new").isNull();
    }

    @Test
    void aPartitionThatMovedAwayIsForgotten() {
        restore(processed, 4, accepted("c-9", "first"), T);
        restore(processed, 5, accepted("c-8", "kept"), T);
        processed.forget(Set.of(4));

        assertThat(processed.firstOutcome(4, "c-9")).isNull();
        assertThat(processed.firstOutcome(5, "c-8")).isNotNull();
    }

    @Test
    void anIdIsRememberedForTheWindowAfterItWasAnsweredAndThenForgotten() {
        answer(processed, 1, accepted("c-old", "first"), T);
        processed.commit(T);
        answer(processed, 1, accepted("c-new", "later"), T.plus(Duration.ofDays(3)));
        processed.commit(T.plus(WEEK));

        assertThat(processed.firstOutcome(1, "c-old")).as("answered exactly a window ago").isNotNull();

        processed.commit(T.plus(WEEK).plusSeconds(1));

        assertThat(processed.firstOutcome(1, "c-old")).as("answered more than a window ago").isNull();
        assertThat(processed.firstOutcome(1, "c-new")).isNotNull();
        assertThat(processed.count(1)).isOne();
    }

    @Test
    void answeringARepeatAgainKeepsItsFirstOutcomeForAnotherWindow() {
        answer(processed, 1, accepted("c-1", "first"), T);
        processed.commit(T);
        answer(processed, 1, processed.firstOutcome(1, "c-1"), T.plus(Duration.ofDays(6)));
        processed.commit(T.plus(Duration.ofDays(6)));

        processed.commit(T.plus(Duration.ofDays(12)));

        assertThat(processed.firstOutcome(1, "c-1").message()).isEqualTo("first");
    }

    @Test
    void aPartitionKeepsAtMostItsCapTheOldestAnsweredGoingFirstAndCounted() {
        ProcessedCommands small = new ProcessedCommands(WEEK, 3, log, listener);
        for (int i = 1; i <= 5; i++) {
            restore(small, 0, accepted("c-" + i, "ok"), T.plusSeconds(i));
        }

        assertThat(small.count(0)).isEqualTo(3);
        assertThat(small.firstOutcome(0, "c-2")).isNull();
        assertThat(small.firstOutcome(0, "c-3")).isNotNull();
        assertThat(small.firstOutcome(0, "c-5")).isNotNull();
        assertThat(dropped).containsExactly("0:1", "0:1");
    }

    @Test
    void anAnswerDroppedAtTheCapIsNotCountedWhileANewerAnswerOfItsIdStays() {
        ProcessedCommands small = new ProcessedCommands(WEEK, 2, log, listener);
        restore(small, 0, accepted("c-1", "first"), T);
        restore(small, 0, accepted("c-1", "first"), T.plusSeconds(1)); // answered again
        restore(small, 0, accepted("c-2", "ok"), T.plusSeconds(2));

        assertThat(dropped).isEmpty();
        assertThat(small.firstOutcome(0, "c-1").message()).isEqualTo("first");
    }

    @Test
    void theWindowAndTheCapMustBePositive() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new ProcessedCommands(Duration.ZERO, 1, log, listener));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new ProcessedCommands(WEEK, 0, log, listener));
    }
}
