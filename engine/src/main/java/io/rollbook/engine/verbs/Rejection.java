package io.rollbook.engine.verbs;

/**
 * A command refused by a business rule (unknown container, undo while paused, pause twice, ...).
 * The message is what kubectl prints after {@code error: }. Nothing is applied.
 */
public class Rejection extends RuntimeException {
    public Rejection(String message) {
        super(message, null, false, false);
    }
}
