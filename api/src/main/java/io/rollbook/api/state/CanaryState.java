package io.rollbook.api.state;

import io.rollbook.api.event.CanaryStepStarted;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Where a Deployment's canary ({@code rollbook.io/canary-steps}) is, folded from its Canary events:
 * the revision it rolls out, the step it is in and since when, and whether it is over.
 *
 * @param revision     the canary's revision
 * @param step         the current step's index, from 0 ({@code steps} once done)
 * @param steps        how many steps there were when it entered the step
 * @param kind         the step's kind (setWeight, pause, check, done)
 * @param weight       the weight in force, in percent
 * @param replicas     the new ReplicaSet's pods at that weight, when the step began
 * @param description  the step as written
 * @param startedAt    when the step began
 * @param resumedAt    the last rollout resume since the step began, or null (a timed pause counts from it)
 * @param finished     null while it runs; {@link #DONE} or {@link #ABORTED}
 * @param pausedChecks the checks (by {@code step/check}) that failed with onFail pause in this canary,
 *                     so they do not fail again once resumed
 */
public record CanaryState(long revision, int step, int steps, String kind, int weight, int replicas,
                          String description, Instant startedAt, Instant resumedAt, String finished,
                          Set<String> pausedChecks) {

    public static final String DONE = "done";
    public static final String ABORTED = "aborted";

    public CanaryState {
        pausedChecks = Set.copyOf(pausedChecks);
    }

    /** Whether the canary still holds its steps (neither done nor aborted). */
    public boolean running() {
        return finished == null;
    }

    static CanaryState started(CanaryState before, CanaryStepStarted e, Instant at) {
        Set<String> checks = before != null && before.revision == e.revision() ? before.pausedChecks : Set.of();
        return new CanaryState(e.revision(), e.step(), e.steps(), e.kind(), e.weight(), e.replicas(), e.description(),
                at, null, CanaryStepStarted.DONE.equals(e.kind()) ? DONE : null, checks);
    }

    CanaryState aborted() {
        return new CanaryState(revision, step, steps, kind, weight, replicas, description, startedAt, resumedAt,
                ABORTED, pausedChecks);
    }

    CanaryState resumed(Instant at) {
        return new CanaryState(revision, step, steps, kind, weight, replicas, description, startedAt, at, finished,
                pausedChecks);
    }

    CanaryState checkPaused(String key) {
        Set<String> checks = new HashSet<>(pausedChecks);
        checks.add(key);
        return new CanaryState(revision, step, steps, kind, weight, replicas, description, startedAt, resumedAt,
                finished, checks);
    }

    /** The key of a check in {@link #pausedChecks}: its step and how it is written. */
    public static String checkKey(int step, String check) {
        return step + "/" + check;
    }
}
