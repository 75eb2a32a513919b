package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;

/** {@code status} of a Pod. Phases: Pending, Running, Succeeded, Failed, Unknown. */
@JsonPropertyOrder({"phase", "conditions", "hostIP", "podIP", "startTime"})
public record PodStatus(String phase, List<PodCondition> conditions, String hostIP, String podIP, Instant startTime) {

    public PodStatus {
        conditions = Maps.copy(conditions);
    }
}
