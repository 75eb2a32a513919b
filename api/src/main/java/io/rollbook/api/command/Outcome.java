package io.rollbook.api.command;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/**
 * The answer to a command on {@code rollbook.outcomes} (CONTRACT.md section 3).
 *
 * @param message  the line kubectl would print, or for Rejected the error text after {@code error: }
 * @param revision the Deployment's revision after the command, or null
 */
@JsonPropertyOrder({"commandId", "status", "message", "revision", "eventCount"})
public record Outcome(String commandId, Status status, String message, Long revision, int eventCount) {

    /** Accepted: applied. Unchanged: valid, nothing to do. Rejected: refused, nothing stored. */
    public enum Status { Accepted, Unchanged, Rejected }

    public Outcome {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    public static Outcome rejected(String commandId, String message) {
        return new Outcome(commandId, Status.Rejected, message, null, 0);
    }
}
