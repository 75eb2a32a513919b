package io.rollbook.projections.replay;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.objects.Workload;

/**
 * An aggregate as it stood at a point of its log.
 *
 * @param state    the Deployment (or bare ReplicaSet) with its ReplicaSets and pods at that point; empty
 *                 for a configuration object
 * @param applied  how many of the log's events were folded
 * @param logSize  how many events the log holds now
 * @param last     the last event folded
 * @param manifest the configuration object (Namespace, NetworkPolicy, NetworkAttachmentDefinition) at that
 *                 point; null for a workload
 */
public record ReplayResult(ObjectRef object, ReplayPoint point, Workload state, int applied, int logSize,
                           EventEnvelope last, KubeObject manifest) {

    /** A workload's replay. */
    public ReplayResult(ObjectRef object, ReplayPoint point, Workload state, int applied, int logSize,
                        EventEnvelope last) {
        this(object, point, state, applied, logSize, last, null);
    }
}
