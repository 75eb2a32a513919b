package io.rollbook.api.command;

import java.util.Objects;
import java.util.Set;

/**
 * A pod transition reported by the kubelet stand-in (or any agent): the pod is now {@code phase}.
 *
 * @param pod    the pod's name
 * @param phase  {@code Running} (started, not ready), {@code Ready}, {@code Failed} or {@code Terminated} (gone)
 * @param node   the node it runs on, or null
 * @param reason why, for Failed (e.g. {@code ImagePullBackOff}), or null
 */
public record ReportPod(String pod, String phase, String node, String reason) implements CommandPayload {

    public static final Set<String> PHASES = Set.of("Running", "Ready", "Failed", "Terminated");

    public ReportPod {
        Objects.requireNonNull(pod, "pod");
        if (!PHASES.contains(phase)) {
            throw new IllegalArgumentException("phase must be one of " + PHASES + ", was " + phase);
        }
    }
}
