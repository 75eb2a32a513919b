package io.rollbook.engine.verbs;

import io.rollbook.api.command.Outcome;
import io.rollbook.engine.apiserver.FieldError;
import io.rollbook.engine.apiserver.Validation;

import java.util.List;
import java.util.Objects;

/**
 * A command refused by a rule (unknown container, undo while paused, pause twice, an invalid
 * manifest, ...). The message is what kubectl prints after {@code error: }; the reason is what a
 * client decides on. Nothing is applied.
 */
public class Rejection extends RuntimeException {

    private final Outcome.Reason reason;

    public Rejection(Outcome.Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The API server's 422 for these field errors of {@code kind} {@code name}, as kubectl prints it. */
    static Rejection invalid(String kind, String name, List<FieldError> errors) {
        return new Rejection(Outcome.Reason.Invalid, Validation.message(kind, name, errors));
    }

    /** {@code <resource> "<name>" not found}, as the API server says it. */
    static Rejection notFound(String resource, String name) {
        return new Rejection(Outcome.Reason.NotFound, resource + " \"" + name + "\" not found");
    }

    /** A manifest named otherwise than the command's target. */
    static Rejection nameMismatch(String manifestName, String targetName) {
        return new Rejection(Outcome.Reason.BadRequest, "the name of the object (" + manifestName
                + ") does not match the name on the command (" + targetName + ")");
    }

    /** A verb that does not apply to the target's kind. */
    static Rejection notApplicable(String type, String kind) {
        return new Rejection(Outcome.Reason.BadRequest, type + " does not apply to a " + kind);
    }

    public Outcome.Reason reason() {
        return reason;
    }
}
