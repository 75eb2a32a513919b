package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code spec} of a Deployment. Nulls are unset fields; {@code Defaults} fills them as the API server does. */
@JsonPropertyOrder({"replicas", "selector", "template", "strategy", "minReadySeconds", "revisionHistoryLimit",
        "paused", "progressDeadlineSeconds"})
public record DeploymentSpec(
        Integer replicas,
        LabelSelector selector,
        PodTemplateSpec template,
        DeploymentStrategy strategy,
        Integer minReadySeconds,
        Integer revisionHistoryLimit,
        Boolean paused,
        Integer progressDeadlineSeconds) {

    public static final DeploymentSpec EMPTY = new DeploymentSpec(null, null, null, null, null, null, null, null);

    public int replicasOrDefault() {
        return replicas == null ? 1 : replicas;
    }

    public int minReadySecondsOrZero() {
        return minReadySeconds == null ? 0 : minReadySeconds;
    }

    public boolean isPaused() {
        return Boolean.TRUE.equals(paused);
    }

    public DeploymentSpec withReplicas(Integer value) {
        return new DeploymentSpec(value, selector, template, strategy, minReadySeconds, revisionHistoryLimit, paused,
                progressDeadlineSeconds);
    }

    public DeploymentSpec withSelector(LabelSelector value) {
        return new DeploymentSpec(replicas, value, template, strategy, minReadySeconds, revisionHistoryLimit, paused,
                progressDeadlineSeconds);
    }

    public DeploymentSpec withTemplate(PodTemplateSpec value) {
        return new DeploymentSpec(replicas, selector, value, strategy, minReadySeconds, revisionHistoryLimit, paused,
                progressDeadlineSeconds);
    }

    public DeploymentSpec withStrategy(DeploymentStrategy value) {
        return new DeploymentSpec(replicas, selector, template, value, minReadySeconds, revisionHistoryLimit, paused,
                progressDeadlineSeconds);
    }

    public DeploymentSpec withMinReadySeconds(Integer value) {
        return new DeploymentSpec(replicas, selector, template, strategy, value, revisionHistoryLimit, paused,
                progressDeadlineSeconds);
    }

    public DeploymentSpec withRevisionHistoryLimit(Integer value) {
        return new DeploymentSpec(replicas, selector, template, strategy, minReadySeconds, value, paused,
                progressDeadlineSeconds);
    }

    public DeploymentSpec withPaused(Boolean value) {
        return new DeploymentSpec(replicas, selector, template, strategy, minReadySeconds, revisionHistoryLimit, value,
                progressDeadlineSeconds);
    }

    public DeploymentSpec withProgressDeadlineSeconds(Integer value) {
        return new DeploymentSpec(replicas, selector, template, strategy, minReadySeconds, revisionHistoryLimit, paused,
                value);
    }
}
