package io.rollbook.api.command;

import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.NetworkInterface;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A pod transition reported by the kubelet stand-in (or any agent): the pod is now {@code phase}.
 *
 * @param pod      the pod's name
 * @param phase    {@code Running} (started, not ready), {@code Ready}, {@code Failed}, {@code Terminated} (gone),
 *                 {@code Crashed} (its container exited, waiting out the back-off) or {@code Restarted}
 *                 (the container started again in the same pod)
 * @param node     the node it runs on, or null
 * @param reason   why, for Failed (e.g. {@code ImagePullBackOff}) and Crashed ({@code CrashLoopBackOff}), or null
 * @param ip       the address the pod got on the cluster network when it started, or null
 * @param networks its interfaces on secondary networks, or null
 */
public record ReportPod(String pod, String phase, String node, String reason, String ip,
                        List<NetworkInterface> networks) implements CommandPayload {

    /** The report that the pod is gone: a report of its own, not a pod phase. */
    public static final String TERMINATED = "Terminated";
    /** The report that the pod's container exited and waits to be restarted in place. */
    public static final String CRASHED = "Crashed";
    /** The report that the crashed container was started again (restartCount + 1). */
    public static final String RESTARTED = "Restarted";
    /** Every report: started, ready, failed, gone, crashed, restarted. */
    public static final Set<String> PHASES = Set.of(WellKnown.POD_RUNNING, WellKnown.POD_READY, WellKnown.POD_FAILED,
            TERMINATED, CRASHED, RESTARTED);

    public ReportPod {
        Objects.requireNonNull(pod, "pod");
        if (!PHASES.contains(phase)) {
            throw new IllegalArgumentException("phase must be one of " + PHASES + ", was " + phase);
        }
        networks = Maps.copy(networks);
    }

    /** A report without addresses. */
    public ReportPod(String pod, String phase, String node, String reason) {
        this(pod, phase, node, reason, null, null);
    }
}
