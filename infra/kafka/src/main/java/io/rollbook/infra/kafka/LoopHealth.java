package io.rollbook.infra.kafka;

import java.time.Instant;
import java.util.Objects;

/**
 * What a command loop is doing, for {@code /healthz} and {@code /readyz}: written by the loop's
 * thread, read by any. A loop that is {@link Phase#DEAD} never comes back; every other phase is a
 * live loop, serving or on its way to.
 */
public final class LoopHealth {

    /** The phases of a loop's life. */
    public enum Phase {
        /** Opening its clients, joining the group, restoring the partitions assigned to it. */
        STARTING,
        /** Polling and committing. */
        RUNNING,
        /** Waiting to run an aborted batch again, or to open a new session (fenced, rebalanced). */
        RECOVERING,
        /** Closed on purpose. */
        STOPPED,
        /** Stopped by a failure it cannot recover from; {@link Status#detail} says which. */
        DEAD
    }

    /** One reading: the phase, why, and since when. */
    public record Status(String loop, Phase phase, String detail, Instant since) {
        public Status {
            Objects.requireNonNull(loop, "loop");
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return loop + ": " + phase.name().toLowerCase(java.util.Locale.ROOT) + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    private final String loop;
    private volatile Status status;

    LoopHealth(String loop) {
        this.loop = loop;
        this.status = new Status(loop, Phase.STARTING, "not started", Instant.now());
    }

    public Status status() {
        return status;
    }

    void set(Phase phase, String detail) {
        Status now = status;
        if (now.phase() == Phase.DEAD) {
            return; // death is final: a later close must not hide why
        }
        if (now.phase() != phase || !now.detail().equals(detail)) {
            status = new Status(loop, phase, detail, Instant.now());
        }
    }
}
