package io.rollbook.infra.kafka;

import org.axonframework.eventhandling.DomainEventMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events of the partitions this instance owns, by aggregate: what Axon sources aggregates from.
 * Appends inside a Kafka transaction are staged and become committed only when Kafka commits; an
 * abort drops them. Used by the command loop's thread only.
 */
final class EventIndex {

    private final Map<String, List<DomainEventMessage<?>>> committed = new HashMap<>();
    private final Map<String, List<DomainEventMessage<?>>> staged = new LinkedHashMap<>();
    private final Map<String, Integer> partitionOf = new HashMap<>();
    private int stagedCount;

    /** Loads a committed event while a partition is restored. */
    void load(int partition, DomainEventMessage<?> event) {
        committed.computeIfAbsent(event.getAggregateIdentifier(), k -> new ArrayList<>()).add(event);
        partitionOf.put(event.getAggregateIdentifier(), partition);
    }

    void stage(int partition, DomainEventMessage<?> event) {
        stagedCount++;
        staged.computeIfAbsent(event.getAggregateIdentifier(), k -> new ArrayList<>()).add(event);
        partitionOf.put(event.getAggregateIdentifier(), partition);
    }

    /** Committed and staged events of an aggregate from {@code firstSequence} on. */
    List<DomainEventMessage<?>> read(String aggregate, long firstSequence) {
        List<DomainEventMessage<?>> out = new ArrayList<>();
        for (List<DomainEventMessage<?>> list : new List[]{committed.get(aggregate), staged.get(aggregate)}) {
            if (list != null) {
                for (DomainEventMessage<?> e : list) {
                    if (e.getSequenceNumber() >= firstSequence) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }

    Long lastSequence(String aggregate) {
        List<DomainEventMessage<?>> s = staged.get(aggregate);
        List<DomainEventMessage<?>> c = s != null && !s.isEmpty() ? s : committed.get(aggregate);
        return c == null || c.isEmpty() ? null : c.get(c.size() - 1).getSequenceNumber();
    }

    /** Events staged in the open transaction (a counter: scanning them per command grew with the batch squared). */
    int stagedCount() {
        return stagedCount;
    }

    /** Kafka committed: staged events are real now. */
    void commit() {
        staged.forEach((k, v) -> committed.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        staged.clear();
        stagedCount = 0;
    }

    /** Kafka aborted: forget the staged events; returns the aggregates they belonged to (evict their caches). */
    Set<String> abort() {
        Set<String> touched = Set.copyOf(staged.keySet());
        staged.clear();
        stagedCount = 0;
        return touched;
    }

    /** Forgets the aggregates of partitions no longer owned; returns them. */
    Set<String> drop(Set<Integer> partitions) {
        Set<String> dropped = new java.util.HashSet<>();
        partitionOf.entrySet().removeIf(e -> {
            if (partitions.contains(e.getValue())) {
                dropped.add(e.getKey());
                return true;
            }
            return false;
        });
        dropped.forEach(committed::remove);
        return dropped;
    }

    int aggregates() {
        return committed.size();
    }
}
