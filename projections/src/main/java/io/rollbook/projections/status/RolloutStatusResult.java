package io.rollbook.projections.status;

import io.rollbook.projections.text.Printed;

/**
 * One evaluation of {@code kubectl rollout status}.
 *
 * @param message what kubectl prints, without the trailing newline (and, for errors, without the
 *                {@code error: } prefix)
 * @param done    the rollout finished: kubectl stops watching and exits 0
 * @param error   kubectl stops and exits 1 with {@code error: <message>} on stderr
 */
public record RolloutStatusResult(String message, boolean done, boolean error) {

    public static RolloutStatusResult waiting(String message) {
        return new RolloutStatusResult(message, false, false);
    }

    public static RolloutStatusResult success(String message) {
        return new RolloutStatusResult(message, true, false);
    }

    public static RolloutStatusResult failure(String message) {
        return new RolloutStatusResult(message, false, true);
    }

    /** The line as kubectl prints it: stdout with a newline, or {@code error: …} on stderr with exit status 1. */
    public Printed printed() {
        return error ? Printed.error(message) : Printed.out(message + "\n");
    }
}
