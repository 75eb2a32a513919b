package io.rollbook.api.command;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/**
 * The answer to a command on {@code rollbook.outcomes} (docs/contract.md, "Outcomes").
 *
 * @param message  the line kubectl would print, or for Rejected the error text after {@code error: }
 * @param revision the Deployment's revision after the command, or null
 * @param reason   why a Rejected command was refused, machine-readable; null for the other statuses
 *                 (and for Rejected outcomes written before reasons existed)
 */
@JsonPropertyOrder({"commandId", "status", "message", "revision", "eventCount", "reason"})
public record Outcome(String commandId, Status status, String message, Long revision, int eventCount,
                      Reason reason) {

    /** Accepted: applied. Unchanged: valid, nothing to do. Rejected: refused, nothing stored. */
    public enum Status { Accepted, Unchanged, Rejected }

    /**
     * Why a command was rejected, as Kubernetes' {@code Status.reason} says why a request failed:
     * clients decide on it and print the message, and never parse the message. The HTTP status
     * code each maps to is the one the Kubernetes API answers with (the API server's code for the
     * reasons it has, 409 Conflict for the kubectl-side ones). Values are only ever added; a reader
     * that meets one it does not know reads {@link #Unknown}.
     */
    public enum Reason {
        /**
         * The target object does not exist, or what the command names within it does not: a
         * revision for {@code rollout undo}, a container for {@code set image}. HTTP 404.
         */
        NotFound,
        /** An object of that name exists already, so it cannot be created (the Kubernetes API's POST). HTTP 409. */
        AlreadyExists,
        /** The API server's validation refused the object or the change; the message lists the errors. HTTP 422. */
        Invalid,
        /**
         * The verb is refused in the object's current state: {@code rollout restart} or
         * {@code rollout undo} of a paused Deployment. HTTP 409.
         */
        Conflict,
        /** {@code rollout pause} of a Deployment that is paused already (kubectl's "is already paused"). HTTP 409. */
        AlreadyPaused,
        /** {@code rollout resume} of a Deployment that is not paused (kubectl's "is not paused"). HTTP 409. */
        NotPaused,
        /** The change is never allowed: deleting the namespaces default, kube-system or kube-public. HTTP 403. */
        Forbidden,
        /**
         * The command cannot be carried out as written: it is not a readable command (it went to
         * the dead-letter topic), its verb does not apply to its target's kind, or its manifest names
         * another object than its target. HTTP 400.
         */
        BadRequest,
        /** The engine failed while deciding; nothing was applied. HTTP 500. */
        InternalError,
        /** A reason this reader does not know, written by a newer writer. HTTP 500. */
        Unknown;

        /** The reason of that name; {@link #Unknown} for any other text, so new reasons never break a reader. */
        @JsonCreator
        public static Reason of(String name) {
            for (Reason r : values()) {
                if (r.name().equals(name)) {
                    return r;
                }
            }
            return Unknown;
        }
    }

    public Outcome {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        if (reason != null && status != Status.Rejected) {
            throw new IllegalArgumentException("only a Rejected outcome has a reason, not " + status);
        }
    }

    /** An Accepted or Unchanged outcome. */
    public Outcome(String commandId, Status status, String message, Long revision, int eventCount) {
        this(commandId, status, message, revision, eventCount, null);
    }

    public static Outcome rejected(String commandId, Reason reason, String message) {
        return new Outcome(commandId, Status.Rejected, message, null, 0, Objects.requireNonNull(reason, "reason"));
    }
}
