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
 * @param phase    {@code Running} (started, not ready), {@code Ready}, {@code Failed} or {@code Terminated} (gone)
 * @param node     the node it runs on, or null
 * @param reason   why, for Failed (e.g. {@code ImagePullBackOff}), or null
 * @param ip       the address the pod got on the cluster network when it started, or null
 * @param networks its interfaces on secondary networks, or null
 */
public record ReportPod(String pod, String phase, String node, String reason, String ip,
                        List<NetworkInterface> networks) implements CommandPayload {

    /** The report that the pod is gone: a report of its own, not a pod phase. */
    public static final String TERMINATED = "Terminated";
    /** Every report: started, ready, failed, gone. */
    public static final Set<String> PHASES = Set.of(WellKnown.POD_RUNNING, WellKnown.POD_READY, WellKnown.POD_FAILED,
            TERMINATED);

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
