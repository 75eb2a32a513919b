package io.rollbook.projections.replay;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.objects.Workload;

/**
 * An aggregate as it stood at a point of its log.
 *
 * @param state   the Deployment (or bare ReplicaSet) with its ReplicaSets and pods at that point
 * @param applied how many of the log's events were folded
 * @param logSize how many events the log holds now
 * @param last    the last event folded
 */
public record ReplayResult(ObjectRef object, ReplayPoint point, Workload state, int applied, int logSize,
                           EventEnvelope last) {
}
