package io.rollbook.projections.replay;

/** A replay point the log cannot answer: an unknown revision, a time before the object existed, an offset past the end. */
public class ReplayException extends RuntimeException {
    public ReplayException(String message) {
        super(message);
    }
}
