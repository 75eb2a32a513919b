package io.rollbook.api.command;

/** {@code kubectl rollout restart}: a new restartedAt template annotation. */
public record Restart() implements CommandPayload {
}
