package io.rollbook.engine.verbs;

import io.rollbook.api.command.ReportPod;
import io.rollbook.api.event.PodCrashed;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.PodFailed;
import io.rollbook.api.event.PodReady;
import io.rollbook.api.event.PodRestarted;
import io.rollbook.api.event.PodStarted;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.controllers.EventSink;

/**
 * A pod transition reported by a kubelet: the pod's own state changes; the controllers then react.
 * A crashed container is restarted in place (Crashed, then Restarted after the back-off): the pod
 * stays, not ready, and its ReplicaSet keeps it.
 */
final class PodReports {

    private PodReports() {
    }

    static Decision apply(WorkloadState state, ReportPod r, EventSink sink) {
        PodState pod = state.pod(r.pod());
        String name = "pod/" + r.pod();
        if (pod == null) {
            return Decision.unchanged(name + " not found (already deleted)", null);
        }
        String node = r.node() != null ? r.node() : pod.node();
        switch (r.phase()) {
            case WellKnown.POD_RUNNING -> {
                if (!WellKnown.POD_PENDING.equals(pod.phase())) {
                    return Decision.unchanged(name + " already running", null);
                }
                sink.emit(started(pod, node, r));
            }
            case WellKnown.POD_READY -> {
                if (pod.ready() || pod.terminating() || WellKnown.POD_FAILED.equals(pod.phase())) {
                    return Decision.unchanged(name + " unchanged", null);
                }
                if (WellKnown.POD_PENDING.equals(pod.phase())) {
                    sink.emit(started(pod, node, r));
                }
                sink.emit(new PodReady(pod.name(), pod.replicaSet(), node));
            }
            case WellKnown.POD_FAILED -> {
                if (WellKnown.POD_FAILED.equals(pod.phase())) {
                    return Decision.unchanged(name + " already failed", null);
                }
                sink.emit(new PodFailed(pod.name(), pod.replicaSet(), node, r.reason()));
            }
            case ReportPod.CRASHED -> {
                if (!WellKnown.POD_RUNNING.equals(pod.phase()) || pod.terminating() || pod.waiting() != null) {
                    return Decision.unchanged(name + " unchanged", null);
                }
                sink.emit(new PodCrashed(pod.name(), pod.replicaSet(), node, r.reason()));
            }
            case ReportPod.RESTARTED -> {
                if (pod.waiting() == null || pod.terminating()) {
                    return Decision.unchanged(name + " unchanged", null);
                }
                sink.emit(new PodRestarted(pod.name(), pod.replicaSet(), node));
            }
            default -> sink.emit(new PodDeleted(pod.name(), pod.replicaSet(), node)); // ReportPod.TERMINATED
        }
        return Decision.accepted(name + " " + r.phase().toLowerCase(), null);
    }

    /** Started on {@code node} with the addresses the kubelet gave it (none in older reports). */
    private static PodStarted started(PodState pod, String node, ReportPod r) {
        return new PodStarted(pod.name(), pod.replicaSet(), node, r.ip(), r.networks());
    }
}
