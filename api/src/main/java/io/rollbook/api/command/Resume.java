package io.rollbook.api.command;

/** {@code kubectl rollout resume}. */
public record Resume() implements CommandPayload {
}
