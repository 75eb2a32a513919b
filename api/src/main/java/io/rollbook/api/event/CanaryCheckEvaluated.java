package io.rollbook.api.event;

/**
 * One check of a canary held against its threshold: written when it fails, and for every active
 * check when a step is reached (passed). Version 1.
 *
 * @param revision  the canary's revision
 * @param step      the step it was measured in, from 0
 * @param check     the check as written: {@code check: {maxRestarts: 0}}
 * @param measure   maxRestarts, readyWithin or minReadyShare
 * @param measured  the value measured: restarts plus failed pods; the oldest not-ready pod's age in
 *                  seconds; the ready share in percent
 * @param threshold the threshold
 * @param passed    the verdict
 * @param action    what a failure did: abort, pause; none when it passed
 * @param message   the verdict in words
 */
public record CanaryCheckEvaluated(long revision, int step, String check, String measure, long measured,
                                   long threshold, boolean passed, String action, String message)
        implements RollbookEvent {
}
