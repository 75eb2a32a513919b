package io.rollbook.infra.kafka;

import java.time.Duration;
import java.time.Instant;

/**
 * When an owner writes the snapshot of a partition ({@link SnapshotWriter}): once {@code events}
 * events were folded in since the last one, or once {@code interval} has passed since it and at
 * least one event came; never while nothing changed. The default, 20,000 events or 60 s, keeps the
 * tail a restart reads to at most about a tenth of a second at the engine's measured fold rate, and
 * costs one extra transaction a minute per partition at most; a snapshot on every batch would write
 * every changed aggregate again with every command.
 */
public record SnapshotPolicy(long events, Duration interval) {

    public static final SnapshotPolicy DEFAULT = new SnapshotPolicy(20_000, Duration.ofSeconds(60));

    public SnapshotPolicy {
        if (events < 1) {
            throw new IllegalArgumentException("snapshot events must be at least 1, was " + events);
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the snapshot interval must be positive, was " + interval);
        }
    }

    /** Whether a partition with {@code eventsSince} new events, last snapshotted at {@code last} (null: never), is due at {@code now}. */
    boolean due(long eventsSince, Instant last, Instant now) {
        if (eventsSince >= events) {
            return true;
        }
        return eventsSince > 0 && (last == null || !last.plus(interval).isAfter(now));
    }
}
