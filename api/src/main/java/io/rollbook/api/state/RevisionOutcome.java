package io.rollbook.api.state;

import java.time.Instant;

/**
 * How one revision of a Deployment ended, as the log tells it: Rollbook's own reading of the log,
 * upstream keeps no such record.
 *
 * @param revision the revision (the number it had while it ran)
 * @param outcome  {@link #PROGRESSING} while it is the Deployment's revision and has not ended, else
 *                 {@link #COMPLETE}, {@link #FAILED}, {@link #SUPERSEDED} or {@link #ROLLED_BACK}
 * @param at       when it got that outcome (the time of the event that gave it)
 * @param reason   why, in words: the condition's message, or which revision replaced it
 * @param since    when the revision started rolling out (null when the log never said)
 */
public record RevisionOutcome(long revision, String outcome, Instant at, String reason, Instant since) {

    /** The Deployment's current revision, whose rollout has not ended. */
    public static final String PROGRESSING = "progressing";
    /** Every replica updated and available (RolloutCompleted). */
    public static final String COMPLETE = "complete";
    /**
     * Progressing turned False with reason ProgressDeadlineExceeded while the revision was rolling out,
     * or its canary was aborted (by {@code rollout abort} or a failed check).
     */
    public static final String FAILED = "failed";
    /** A newer revision started before this one's rollout ended. */
    public static final String SUPERSEDED = "superseded";
    /** A {@code rollout undo} (or an automatic rollback) left it. */
    public static final String ROLLED_BACK = "rolled-back";

    /** The same revision, now {@code next}, with when it started rolling out kept. */
    RevisionOutcome becomes(String next, Instant when, String why) {
        return new RevisionOutcome(revision, next, when, why, since);
    }

    /** Whether the revision is still rolling out. */
    public boolean progressing() {
        return PROGRESSING.equals(outcome);
    }
}
