package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/**
 * One entry of a Pod's {@code status.containerStatuses}.
 *
 * @param state {@code {"running": {...}}} or {@code {"waiting": {"reason": "CrashLoopBackOff"}}}
 */
@JsonPropertyOrder({"name", "image", "ready", "restartCount", "started", "state"})
public record ContainerStatus(String name, String image, boolean ready, int restartCount, boolean started,
                              Map<String, Map<String, Object>> state) {

    public ContainerStatus {
        state = Maps.copy(state);
    }
}
