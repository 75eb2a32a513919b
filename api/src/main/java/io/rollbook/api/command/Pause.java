package io.rollbook.api.command;

/** {@code kubectl rollout pause}. */
public record Pause() implements CommandPayload {
}
