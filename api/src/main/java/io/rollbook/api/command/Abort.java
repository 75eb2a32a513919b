package io.rollbook.api.command;

/**
 * {@code rollbook rollout abort deployment/x}: the canary stops, its revision's outcome is
 * {@code failed}, and every replica returns to the stable revision (the newest complete one).
 */
public record Abort() implements CommandPayload {
}
