package io.rollbook.api.canary;

import java.time.Duration;

/**
 * One step of a Deployment's canary, as {@code rollbook.io/canary-steps} writes it (see
 * {@link CanarySteps} for the syntax). Rollbook's own strategy on a plain Deployment; upstream has none.
 */
public sealed interface CanaryStep {

    /** The step as the annotation would write it: {@code setWeight: 20}, {@code pause: {duration: 30s}}. */
    String describe();

    /** The kind's word: {@code setWeight}, {@code pause} or {@code check}. */
    String kind();

    /**
     * {@code setWeight: N}: the new ReplicaSet holds round(N% of spec.replicas) pods (half up, and at
     * least one for N > 0), the old ones the rest.
     */
    record SetWeight(int weight) implements CanaryStep {
        public SetWeight {
            if (weight < 0 || weight > 100) {
                throw new IllegalArgumentException("setWeight must be between 0 and 100, was " + weight);
            }
        }

        @Override
        public String describe() {
            return "setWeight: " + weight;
        }

        @Override
        public String kind() {
            return "setWeight";
        }

        /**
         * The new ReplicaSet's pods at this weight: round half up of weight × replicas / 100, at least
         * one when the weight is above 0 (20% of 10 is 2; 20% of 3 is 0.6, so 1; 5% of 3 is 0.15, still 1).
         */
        public int replicas(int desired) {
            if (weight == 0 || desired == 0) {
                return 0;
            }
            long half = ((long) weight * desired + 50) / 100;
            return (int) Math.max(1, Math.min(desired, half));
        }
    }

    /**
     * {@code pause: {duration: 30s}} waits that long (counted afresh after a rollout resume);
     * {@code pause: {}} waits until promoted.
     */
    record Pause(Duration duration) implements CanaryStep {
        @Override
        public String describe() {
            return duration == null ? "pause: {}" : "pause: {duration: " + CanarySteps.format(duration) + "}";
        }

        @Override
        public String kind() {
            return "pause";
        }
    }

    /**
     * {@code check: {...}}: from this step on, until the canary ends, one of the canary ReplicaSet's
     * measures is held against a threshold; a failure aborts the canary ({@code onFail: abort}, the
     * default) or pauses the rollout ({@code onFail: pause}).
     *
     * @param measure   {@link #MAX_RESTARTS} (restarts plus failed pods, at most the threshold),
     *                  {@link #READY_WITHIN} (every pod ready within the threshold in seconds of its creation),
     *                  {@link #MIN_READY_SHARE} (ready pods, in percent of the ReplicaSet's replicas,
     *                  at least the threshold, once {@code after} has passed in a step)
     * @param threshold the number the measure is held against
     * @param after     for minReadyShare: how long into each step it is first measured; else null
     * @param onFail    {@link #ABORT} or {@link #PAUSE}
     */
    record Check(String measure, long threshold, Duration after, String onFail) implements CanaryStep {
        public static final String MAX_RESTARTS = "maxRestarts";
        public static final String READY_WITHIN = "readyWithin";
        public static final String MIN_READY_SHARE = "minReadyShare";
        public static final String ABORT = "abort";
        public static final String PAUSE = "pause";

        @Override
        public String describe() {
            String value = READY_WITHIN.equals(measure) ? CanarySteps.format(Duration.ofSeconds(threshold))
                    : Long.toString(threshold);
            return "check: {" + measure + ": " + value
                    + (after == null ? "" : ", after: " + CanarySteps.format(after))
                    + (ABORT.equals(onFail) ? "" : ", onFail: " + onFail) + "}";
        }

        @Override
        public String kind() {
            return "check";
        }
    }
}
