package io.rollbook.api.event;

/**
 * A Deployment's canary ({@code rollbook.io/canary-steps}) entered a step: the first one when a
 * rollout to a new template began, the next one when the step before was reached (or a promote
 * skipped it), or {@link #DONE} past the last step, after which the rollout finishes as upstream's
 * RollingUpdate. Version 1.
 *
 * @param revision    the revision the canary rolls out
 * @param step        the step's index, from 0; {@code steps} for {@link #DONE}
 * @param steps       how many steps the annotation lists
 * @param kind        setWeight, pause, check, or {@link #DONE}
 * @param weight      the weight in force from this step on, in percent of spec.replicas
 * @param replicas    the new ReplicaSet's pods at that weight
 * @param description the step as written ({@code pause: {duration: 30s}}), or {@code done}
 * @param reason      {@code Canary} (the step before was reached), {@code Promote} or {@code Started}
 */
public record CanaryStepStarted(long revision, int step, int steps, String kind, int weight, int replicas,
                                String description, String reason) implements RollbookEvent {

    public static final String DONE = "done";
    public static final String STARTED = "Started";
    public static final String REACHED = "Canary";
    public static final String PROMOTE = "Promote";
}
