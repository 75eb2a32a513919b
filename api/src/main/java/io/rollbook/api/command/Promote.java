package io.rollbook.api.command;

/**
 * {@code rollbook rollout promote deployment/x [--full]}: the canary moves on to its next step
 * (ending a pause, or not waiting for a weight to be reached); with {@code full}, past every step
 * left, so the rollout finishes as a plain RollingUpdate (absent: false).
 */
public record Promote(boolean full) implements CommandPayload {
}
