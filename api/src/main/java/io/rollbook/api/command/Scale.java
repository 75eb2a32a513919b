package io.rollbook.api.command;

/**
 * {@code kubectl scale --replicas=N}. A negative N is carried to the engine, which refuses it with
 * the API server's message, so the sender learns why.
 */
public record Scale(int replicas) implements CommandPayload {
}
