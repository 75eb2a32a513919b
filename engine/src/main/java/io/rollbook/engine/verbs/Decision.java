package io.rollbook.engine.verbs;

import io.rollbook.api.command.Outcome;

/** How a command ended: Accepted or Unchanged with kubectl's line, and the revision after it. */
public record Decision(Outcome.Status status, String message, Long revision) {

    public static Decision accepted(String message, Long revision) {
        return new Decision(Outcome.Status.Accepted, message, revision);
    }

    public static Decision unchanged(String message, Long revision) {
        return new Decision(Outcome.Status.Unchanged, message, revision);
    }
}
