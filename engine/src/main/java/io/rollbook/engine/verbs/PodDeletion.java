package io.rollbook.engine.verbs;

import io.rollbook.api.command.DeletePod;
import io.rollbook.api.event.PodTerminating;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.engine.controllers.EventSink;

/**
 * {@code kubectl delete pod}: the API server sets the pod's deletionTimestamp (it begins
 * terminating, the kubelet then reports it gone); its ReplicaSet no longer counts it as active,
 * so the controller, run after every command, creates its replacement.
 */
final class PodDeletion {

    private PodDeletion() {
    }

    static Decision apply(WorkloadState state, DeletePod d, EventSink sink) {
        PodState pod = state.pod(d.pod());
        if (pod == null) {
            throw Rejection.notFound("pods", d.pod());
        }
        String deleted = "pod \"" + pod.name() + "\" deleted";
        if (pod.terminating()) {
            return Decision.unchanged(deleted, null); // deleting again only waits, as upstream
        }
        sink.emit(new PodTerminating(pod.name(), pod.replicaSet(), pod.node()));
        return Decision.accepted(deleted, null);
    }
}
