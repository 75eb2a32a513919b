package io.rollbook.projections;

import io.rollbook.api.event.EventEnvelope;

import java.util.function.Consumer;

/**
 * The log read back on demand. The read model keeps current objects only; {@code audit} and
 * {@code replay} fold what they need from here, so the store's memory follows the live objects and
 * not the length of the log. Over Kafka in infra ({@code rollbook.events}), over a list in tests.
 */
public interface EventHistory {

    /**
     * Feeds {@code each} every event the log holds when the call starts, of aggregate
     * {@code aggregateId} only, or of every aggregate when it is null. An aggregate's events arrive in
     * its log's order; events of different aggregates in the order the log interleaves them (by the
     * time they were written, where it has several partitions).
     *
     * @throws IllegalStateException when the log cannot be read
     */
    void read(String aggregateId, Consumer<EventEnvelope> each);
}
