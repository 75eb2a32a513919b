package io.rollbook.infra.kafka;

import java.time.Duration;

/**
 * Bounded exponential backoff: {@code first}, doubling up to {@code max}, back to {@code first}
 * after a success. The command loop waits this long before it runs an aborted batch again or opens
 * a new session, so a broker that is away is not hammered and a short election costs little.
 */
final class Backoff {

    /** The loop's: 100 ms, 200 ms, ... at most 5 s (a leader election takes seconds). */
    static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    private final Duration first;
    private final Duration max;
    private int attempts;

    Backoff(Duration first, Duration max) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max, was " + first + ", " + max);
        }
        this.first = first;
        this.max = max;
    }

    /** A fresh backoff with the same bounds (each loop keeps its own count). */
    Backoff copy() {
        return new Backoff(first, max);
    }

    /** The wait before the next attempt; each call doubles it, up to the bound. */
    Duration next() {
        int doublings = Math.min(attempts++, 30);
        long millis = first.toMillis() << doublings;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    /** Failures since the last success. */
    int attempts() {
        return attempts;
    }

    void reset() {
        attempts = 0;
    }
}
