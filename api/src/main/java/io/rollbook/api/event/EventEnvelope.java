package io.rollbook.api.event;

import java.time.Instant;
import java.util.Objects;

/**
 * An event on {@code rollbook.events} (docs/contract.md, "Events").
 *
 * @param aggregate {@code namespace/name} of the Deployment or ReplicaSet
 * @param sequence  counts from 0 per aggregate, without gaps
 * @param time      the time carried by the command that caused it, never the engine's wall clock
 */
public record EventEnvelope(String type, String eventId, String aggregate, long sequence, Instant time,
                            String commandId, String actor, RollbookEvent data) {

    public EventEnvelope {
        Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(data, "data");
        type = Events.typeOf(data);
        eventId = eventId == null ? aggregate + "@" + sequence : eventId;
    }

    public static EventEnvelope of(String aggregate, long sequence, Instant time, String commandId, String actor,
                                   RollbookEvent data) {
        return new EventEnvelope(null, null, aggregate, sequence, time, commandId, actor, data);
    }
}
