package io.rollbook.engine.controllers;

import java.time.Instant;

/** When a workload asks for a new wake-up (a {@code WakeUpScheduled} event), given the one it has. */
public final class WakeUps {

    private WakeUps() {
    }

    /**
     * Whether to schedule a wake-up at {@code next}: always after a tick (the pending one was used
     * up); otherwise only when none is pending, the pending one is due already, or {@code next} is
     * earlier. A pending wake-up still ahead and no later than {@code next} is left alone: its tick
     * reconciles and asks again for whatever time is wanted then. Asking anew on every command
     * wrote one event per command for a wake-up that only moved later.
     */
    public static boolean schedule(Instant pending, Instant next, Instant now, boolean tick) {
        if (next == null) {
            return false;
        }
        if (tick) {
            return true;
        }
        if (pending == null || !pending.isAfter(now)) {
            return !next.equals(pending);
        }
        return next.isBefore(pending);
    }
}
