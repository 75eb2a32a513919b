package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;

/** {@code status} of a Pod. Phases: Pending, Running, Succeeded, Failed, Unknown. */
@JsonPropertyOrder({"phase", "conditions", "hostIP", "podIP", "startTime", "containerStatuses"})
public record PodStatus(String phase, List<PodCondition> conditions, String hostIP, String podIP, Instant startTime,
                        List<ContainerStatus> containerStatuses) {

    public PodStatus {
        conditions = Maps.copy(conditions);
        containerStatuses = Maps.copy(containerStatuses);
    }

    /** A status without container statuses. */
    public PodStatus(String phase, List<PodCondition> conditions, String hostIP, String podIP, Instant startTime) {
        this(phase, conditions, hostIP, podIP, startTime, null);
    }
}
