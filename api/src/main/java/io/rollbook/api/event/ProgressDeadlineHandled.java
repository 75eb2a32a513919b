package io.rollbook.api.event;

import java.time.Instant;

/**
 * Rollbook's rule for a rollout that exceeded its progress deadline (the Deployment's annotation
 * {@code rollbook.io/on-progress-deadline}) fired, with the facts it saw. Upstream only marks the
 * Progressing condition ProgressDeadlineExceeded; this is what the engine did about it. Version 1.
 *
 * @param revision       the revision whose rollout failed
 * @param replicaSet     its (new) ReplicaSet, or null when it had none
 * @param rollingSince   when that revision started rolling out
 * @param deadlineSeconds the Deployment's {@code spec.progressDeadlineSeconds}
 * @param newReady       how many of the new ReplicaSet's pods were ready
 * @param desired        of how many ({@code spec.replicas})
 * @param rule           the rule as written: {@code rollbook.io/on-progress-deadline=rollback}
 * @param action         what was done: {@code rollback}, {@code pause} or {@code notify}
 * @param toRevision     for a rollback, the complete revision whose template was restored; else 0
 * @param newRevision    for a rollback, the revision it runs again as; else 0
 * @param actor          who decided: {@code rollbook-controller}
 * @param message        the decision in words, including why a rollback became a pause
 */
public record ProgressDeadlineHandled(long revision, String replicaSet, Instant rollingSince, int deadlineSeconds,
                                      int newReady, int desired, String rule, String action, long toRevision,
                                      long newRevision, String actor, String message) implements RollbookEvent {

    /** The actor of every decision the engine takes on its own. */
    public static final String CONTROLLER = "rollbook-controller";
    public static final String ROLLBACK = "rollback";
    public static final String PAUSE = "pause";
    public static final String NOTIFY = "notify";
}
