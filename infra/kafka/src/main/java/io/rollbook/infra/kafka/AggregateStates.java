package io.rollbook.infra.kafka;

import io.rollbook.api.event.RollbookEvent;
import io.rollbook.engine.aggregate.EventMetaData;
import io.rollbook.engine.aggregate.FoldedAggregate;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Axon sources the aggregates of this instance's partitions from. Committed events are not
 * kept: each aggregate is kept folded from them ({@link FoldedAggregate}) with the sequence of the
 * last one, and Axon loads a copy of it as a snapshot. Keeping every event held the whole log in
 * the heap (it grew with the log, 21 million events for the million-pod rollover).
 * Appends inside a Kafka transaction are staged as they are and folded in only when Kafka commits;
 * an abort drops them. Used by the command loop's thread only.
 */
final class AggregateStates {

    private final Map<String, Folded> committed = new HashMap<>();
    private final Map<String, List<DomainEventMessage<?>>> staged = new LinkedHashMap<>();
    private final Map<String, Integer> partitionOf = new HashMap<>();
    private int stagedCount;

    /** An aggregate folded from its committed events, and the sequence of the last of them. */
    private static final class Folded {
        final FoldedAggregate aggregate;
        long sequence;

        Folded(FoldedAggregate aggregate) {
            this.aggregate = aggregate;
        }
    }

    /** Loads a committed event while a partition is restored. */
    void load(int partition, String aggregate, long sequence, RollbookEvent event, Instant time) {
        fold(aggregate, sequence, event, time);
        partitionOf.put(aggregate, partition);
    }

    void stage(int partition, DomainEventMessage<?> event) {
        stagedCount++;
        staged.computeIfAbsent(event.getAggregateIdentifier(), k -> new ArrayList<>()).add(event);
        partitionOf.put(event.getAggregateIdentifier(), partition);
    }

    /**
     * The committed state of an aggregate as an Axon snapshot event (a fresh copy each time: Axon
     * loads it and changes it), or empty when nothing of it is committed.
     */
    Optional<DomainEventMessage<?>> snapshot(String aggregate) {
        Folded f = committed.get(aggregate);
        if (f == null) {
            return Optional.empty();
        }
        FoldedAggregate copy = f.aggregate.copy();
        return Optional.of(new GenericDomainEventMessage<>(copy.getClass().getSimpleName(), aggregate, f.sequence, copy));
    }

    /**
     * The staged events of an aggregate from {@code firstSequence} on. Committed events are in its
     * {@link #snapshot}, which Axon reads first and asks for the events after.
     */
    List<DomainEventMessage<?>> read(String aggregate, long firstSequence) {
        List<DomainEventMessage<?>> out = new ArrayList<>();
        List<DomainEventMessage<?>> list = staged.get(aggregate);
        if (list != null) {
            for (DomainEventMessage<?> e : list) {
                if (e.getSequenceNumber() >= firstSequence) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    Long lastSequence(String aggregate) {
        List<DomainEventMessage<?>> s = staged.get(aggregate);
        if (s != null && !s.isEmpty()) {
            return s.get(s.size() - 1).getSequenceNumber();
        }
        Folded f = committed.get(aggregate);
        return f == null ? null : f.sequence;
    }

    /** Events staged in the open transaction (a counter: scanning them per command grew with the batch squared). */
    int stagedCount() {
        return stagedCount;
    }

    /** Kafka committed: the staged events are real now, folded into their aggregates. */
    void commit() {
        staged.forEach((aggregate, events) -> {
            for (DomainEventMessage<?> e : events) {
                fold(aggregate, e.getSequenceNumber(), (RollbookEvent) e.getPayload(),
                        EventMetaData.time(e.getMetaData(), e.getTimestamp()));
            }
        });
        staged.clear();
        stagedCount = 0;
    }

    private void fold(String aggregate, long sequence, RollbookEvent event, Instant time) {
        Folded f = committed.computeIfAbsent(aggregate, k -> new Folded(FoldedAggregate.empty(k)));
        f.aggregate.fold(aggregate, event, time);
        f.aggregate.forgetWhatNoDecisionReads(); // kept for deciding: bounded by the live objects
        f.sequence = sequence;
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
        Set<String> dropped = new HashSet<>();
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
}
