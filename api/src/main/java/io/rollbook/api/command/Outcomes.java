package io.rollbook.api.command;

import io.rollbook.api.codec.Codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Outcomes as {@code rollbook.outcomes} holds them: JSON, UTF-8, one per record, keyed by command id. */
public final class Outcomes {

    private Outcomes() {
    }

    public static byte[] encode(Outcome outcome) {
        return Codec.toJson(outcome).getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when {@code value} is not an outcome */
    public static Outcome decode(byte[] value) {
        try {
            return Codec.json().readValue(value, Outcome.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable outcome: " + e.getMessage(), e);
        }
    }
}
