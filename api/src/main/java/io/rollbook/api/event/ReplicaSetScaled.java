package io.rollbook.api.event;

import java.util.Map;

/** {@code spec.replicas} of a ReplicaSet changed; {@code annotations} are the desired/max annotations set with it. */
public record ReplicaSetScaled(String replicaSet, int from, int to, Map<String, String> annotations)
        implements RollbookEvent {
}
