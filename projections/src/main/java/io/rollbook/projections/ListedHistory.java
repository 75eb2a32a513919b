package io.rollbook.projections;

import io.rollbook.api.event.EventEnvelope;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A history held in a list: for a store fed by a caller that has no log to read back (tests, a
 * command folding a file). Appends and reads may come from different threads.
 */
public final class ListedHistory implements EventHistory {

    private final List<EventEnvelope> events = new ArrayList<>();

    public ListedHistory() {
    }

    public ListedHistory(List<EventEnvelope> events) {
        this.events.addAll(events);
    }

    public synchronized void append(EventEnvelope e) {
        events.add(e);
    }

    @Override
    public void read(String aggregateId, Consumer<EventEnvelope> each) {
        List<EventEnvelope> now;
        synchronized (this) {
            now = List.copyOf(events);
        }
        for (EventEnvelope e : now) {
            if (aggregateId == null || aggregateId.equals(e.aggregate())) {
                each.accept(e);
            }
        }
    }
}
