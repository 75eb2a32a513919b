package io.rollbook.engine.verbs;

import io.rollbook.api.command.Outcome;
import io.rollbook.api.rollout.RolloutRecord;

import java.util.List;

/**
 * How a command ended: Accepted or Unchanged with kubectl's line, the revision after it, and the
 * rollout transitions its events made ({@code rollbook.rollouts}, see {@link RolloutTransitions}).
 */
public record Decision(Outcome.Status status, String message, Long revision, List<RolloutRecord> rollouts) {

    public Decision {
        rollouts = rollouts == null ? List.of() : List.copyOf(rollouts);
    }

    /** A decision that changed no rollout. */
    public Decision(Outcome.Status status, String message, Long revision) {
        this(status, message, revision, List.of());
    }

    public static Decision accepted(String message, Long revision) {
        return new Decision(Outcome.Status.Accepted, message, revision);
    }

    public static Decision unchanged(String message, Long revision) {
        return new Decision(Outcome.Status.Unchanged, message, revision);
    }
}
