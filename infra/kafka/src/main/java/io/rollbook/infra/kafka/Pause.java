package io.rollbook.infra.kafka;

import java.time.Duration;

/** A wait that {@link #wake} cuts short: a loop's backoff, ended at once when the loop is closed. */
final class Pause {

    private boolean woken;

    /** Waits {@code duration}, or less if woken (now or before). */
    synchronized void sleep(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        long left;
        while (!woken && (left = deadline - System.nanoTime()) > 0) {
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Ends the current wait and every later one. */
    synchronized void wake() {
        woken = true;
        notifyAll();
    }
}
