package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code spec} of a ReplicaSet. */
@JsonPropertyOrder({"replicas", "minReadySeconds", "selector", "template"})
public record ReplicaSetSpec(Integer replicas, Integer minReadySeconds, LabelSelector selector,
                             PodTemplateSpec template) {

    public int minReadySecondsOrZero() {
        return minReadySeconds == null ? 0 : minReadySeconds;
    }

    public ReplicaSetSpec withReplicas(Integer value) {
        return new ReplicaSetSpec(value, minReadySeconds, selector, template);
    }

    public ReplicaSetSpec withMinReadySeconds(Integer value) {
        return new ReplicaSetSpec(replicas, value, selector, template);
    }

    public ReplicaSetSpec withTemplate(PodTemplateSpec value) {
        return new ReplicaSetSpec(replicas, minReadySeconds, selector, value);
    }
}
