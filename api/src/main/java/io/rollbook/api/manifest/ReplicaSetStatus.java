package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** {@code status} of a ReplicaSet, as the ReplicaSet controller writes it. */
@JsonPropertyOrder({"replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "terminatingReplicas",
        "observedGeneration", "conditions"})
public record ReplicaSetStatus(
        int replicas,
        Integer fullyLabeledReplicas,
        int readyReplicas,
        int availableReplicas,
        Integer terminatingReplicas,
        long observedGeneration,
        List<ReplicaSetCondition> conditions) {

    public static final ReplicaSetStatus EMPTY = new ReplicaSetStatus(0, null, 0, 0, null, 0, null);

    public ReplicaSetStatus {
        conditions = Maps.copy(conditions);
    }
}
