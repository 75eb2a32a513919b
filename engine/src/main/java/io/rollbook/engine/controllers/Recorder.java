package io.rollbook.engine.controllers;

import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.state.WorkloadState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An {@link EventSink} that applies each event to a state and keeps it: for tests, benchmarks and replays. */
public final class Recorder implements EventSink {
    private final WorkloadState state;
    private final Instant time;
    private final List<RollbookEvent> events = new ArrayList<>();

    public Recorder(WorkloadState state, Instant time) {
        this.state = state;
        this.time = time;
    }

    @Override
    public void emit(RollbookEvent event) {
        state.apply(event, time);
        events.add(event);
    }

    public List<RollbookEvent> events() {
        return List.copyOf(events);
    }
}
