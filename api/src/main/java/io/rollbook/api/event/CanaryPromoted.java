package io.rollbook.api.event;

/**
 * {@code rollbook rollout promote}: the canary left step {@code step} before it was reached (or
 * ended its {@code pause: {}}); with {@code full}, it skipped every step left. The envelope's actor
 * is who promoted. Version 1.
 */
public record CanaryPromoted(long revision, int step, boolean full) implements RollbookEvent {
}
