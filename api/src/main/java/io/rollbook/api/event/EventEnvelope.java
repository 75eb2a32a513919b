package io.rollbook.api.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.Objects;

/**
 * An event on {@code rollbook.events} (docs/contract.md, "Events").
 *
 * @param aggregate {@code namespace/name} of the Deployment or ReplicaSet
 * @param sequence  counts from 0 per aggregate, without gaps
 * @param time      the time carried by the command that caused it, never the engine's wall clock
 */
@JsonPropertyOrder({"type", "version", "eventId", "aggregate", "sequence", "time", "commandId", "actor", "data"})
public record EventEnvelope(String eventId, String aggregate, long sequence, Instant time, String commandId,
                            String actor, RollbookEvent data) {

    public EventEnvelope {
        Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(data, "data");
        eventId = eventId == null ? aggregate + "@" + sequence : eventId;
    }

    public static EventEnvelope of(String aggregate, long sequence, Instant time, String commandId, String actor,
                                   RollbookEvent data) {
        return new EventEnvelope(null, aggregate, sequence, time, commandId, actor, data);
    }

    /**
     * The wire name of the event's type, e.g. {@code ReplicaSetScaled}: written as {@code type}, which says
     * how to read {@code data}.
     */
    @JsonProperty("type")
    public String type() {
        return Events.typeOf(data);
    }

    /**
     * The version of {@code data}'s shape, as {@link Events#encode} writes it: null (absent) at
     * version 1, so the envelopes of every type not yet changed stay as they always were.
     */
    @JsonProperty("version")
    public Integer version() {
        int version = EventVersions.RELEASED.current(type());
        return version > 1 ? version : null;
    }
}
