package io.rollbook.projections.text;

import java.util.Objects;

/**
 * What a CLI verb prints: {@code stdout}, {@code stderr} (already prefixed with {@code error: }
 * where kubectl does so) and the exit status. Either text may be empty, never null.
 */
public record Printed(String stdout, String stderr, int exitCode) {

    public Printed {
        stdout = Objects.requireNonNullElse(stdout, "");
        stderr = Objects.requireNonNullElse(stderr, "");
    }

    /** Success with {@code text} on stdout. */
    public static Printed out(String text) {
        return new Printed(text, "", 0);
    }

    /** A failure: {@code error: <message>} and a newline on stderr, exit status 1. */
    public static Printed error(String message) {
        return new Printed("", "error: " + message + "\n", 1);
    }

    /** A note on stderr with exit status 0, e.g. kubectl's "No resources found in default namespace.". */
    public static Printed note(String message) {
        return new Printed("", message + "\n", 0);
    }

    public boolean failed() {
        return exitCode != 0;
    }
}
