package io.rollbook.engine.controllers;

import io.rollbook.api.event.RollbookEvent;

/**
 * Where a decision's events go. Applying an event must update the state at once (Axon's
 * {@code AggregateLifecycle.apply} does, and so does {@link Recorder}), because the controller loop
 * reads the state it has just changed.
 */
@FunctionalInterface
public interface EventSink {
    void emit(RollbookEvent event);
}
