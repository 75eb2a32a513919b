package io.rollbook.api.event;

import java.util.Map;

/** Annotations set on a ReplicaSet (merged), and spec.minReadySeconds when not null. */
public record ReplicaSetAnnotated(String replicaSet, Map<String, String> annotations, Integer minReadySeconds)
        implements RollbookEvent {
}
