package io.rollbook.api.event;

/**
 * A canary was aborted at step {@code step}: by {@code rollbook rollout abort} ({@link #ABORT}, the
 * envelope's actor) or by a failed check ({@link #CHECK_FAILED}, actor {@code rollbook-controller}).
 * The revision's outcome becomes {@code failed}; the events that follow restore the stable
 * revision's template (a {@code RolledBack}). Version 1.
 *
 * @param revision the canary's revision
 * @param step     the step it was in, from 0
 * @param reason   {@link #ABORT} or {@link #CHECK_FAILED}
 * @param actor    who aborted
 * @param message  why, in words
 */
public record CanaryAborted(long revision, int step, String reason, String actor, String message)
        implements RollbookEvent {

    public static final String ABORT = "Abort";
    public static final String CHECK_FAILED = "CanaryCheckFailed";
}
