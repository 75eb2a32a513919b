package io.rollbook.infra.kafka;

import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.state.Snapshots;
import io.rollbook.engine.aggregate.EventMetaData;
import io.rollbook.engine.aggregate.FoldedAggregate;
import org.apache.kafka.clients.producer.RecordMetadata;
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
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * What Axon sources the aggregates of this instance's partitions from. Committed events are not
 * kept: each aggregate is kept folded from them ({@link FoldedAggregate}) with the sequence of the
 * last one, and Axon loads a copy of it as a snapshot. Keeping every event held the whole log in
 * the heap (it grew with the log, 21 million events for the million-pod rollover).
 * Appends inside a Kafka transaction are staged as they are and folded in only when Kafka commits;
 * an abort drops them. Used by the command loop's thread only.
 *
 * <p>Per partition it also keeps what its next snapshot ({@link SnapshotWriter}) needs: the events
 * offset its committed state covers (the one after its last committed event), how many events were
 * folded in since the last snapshot, and which aggregates changed since (only those are written again).
 */
final class AggregateStates {

    private final Map<String, Folded> committed = new HashMap<>();
    private final Map<String, List<DomainEventMessage<?>>> staged = new LinkedHashMap<>();
    private final Map<String, Integer> partitionOf = new HashMap<>();
    private int stagedCount;
    /** The last event record sent per partition in the open transaction: its offset, once committed, ends the state. */
    private final Map<Integer, Future<RecordMetadata>> lastSent = new HashMap<>();
    private final Map<Integer, PartitionLog> logs = new HashMap<>();

    /** What a partition's next snapshot needs. */
    static final class PartitionLog {
        /** The events offset after the last one folded in; -1 while unknown. */
        long nextOffset = -1;
        /** Events folded in since the last snapshot (or since the restore read the log without one). */
        long eventsSince;
        /** When the last snapshot was written or read; null when there was none. */
        Instant lastSnapshot;
        /** After a snapshot that could not be written: not before then. */
        Instant notBefore;
        /** Aggregates changed since the last snapshot. */
        final Set<String> dirty = new TreeSet<>();
        /** Snapshot keys of aggregates this partition does not hold (a log cut short): deleted with the next one. */
        final Set<String> stale = new TreeSet<>();
    }

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
        PartitionLog log = log(partition);
        log.eventsSince++;
        log.dirty.add(aggregate);
    }

    /** Loads an aggregate from a valid snapshot while a partition is restored (before its tail is read). */
    void load(int partition, Snapshots.AggregateSnapshot snapshot, FoldedAggregate aggregate) {
        Folded f = new Folded(aggregate);
        f.sequence = snapshot.sequence();
        committed.put(snapshot.aggregate(), f);
        partitionOf.put(snapshot.aggregate(), partition);
    }

    /**
     * A partition's restore is done: its state covers the events before {@code nextOffset}; it was
     * read from a snapshot written at {@code snapshotAt} (null: the log was read without one), and
     * {@code snapshotKeys} are the aggregates that snapshot topic holds for it.
     */
    void restored(int partition, long nextOffset, Instant snapshotAt, Set<String> snapshotKeys) {
        PartitionLog log = log(partition);
        log.nextOffset = nextOffset;
        log.lastSnapshot = snapshotAt;
        for (String key : snapshotKeys) {
            if (!committed.containsKey(key)) {
                log.stale.add(key);
            }
        }
        if (snapshotAt == null) {
            partitionOf.forEach((aggregate, p) -> {
                if (p == partition) {
                    log.dirty.add(aggregate); // nothing written is trusted: the next snapshot writes them all
                }
            });
        }
    }

    /** What the next snapshot of {@code partition} needs. */
    PartitionLog log(int partition) {
        return logs.computeIfAbsent(partition, k -> new PartitionLog());
    }

    /** The aggregates of {@code partition}. */
    List<String> aggregatesOf(int partition) {
        List<String> out = new ArrayList<>();
        partitionOf.forEach((aggregate, p) -> {
            if (p == partition && committed.containsKey(aggregate)) {
                out.add(aggregate);
            }
        });
        return out;
    }

    /** The committed state of {@code aggregate} as its snapshot record, for the snapshot of events offset {@code offset}. */
    Snapshots.AggregateSnapshot snapshotOf(String aggregate, long offset) {
        Folded f = committed.get(aggregate);
        return f.aggregate.snapshot(aggregate, f.sequence, offset);
    }

    /** A snapshot of {@code partition} committed at {@code at}: nothing has changed since. */
    void snapshotWritten(int partition, Instant at) {
        PartitionLog log = log(partition);
        log.eventsSince = 0;
        log.lastSnapshot = at;
        log.notBefore = null;
        log.dirty.clear();
        log.stale.clear();
    }

    void stage(int partition, DomainEventMessage<?> event, Future<RecordMetadata> sent) {
        lastSent.put(partition, sent);
        stage(partition, event);
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
            PartitionLog log = log(partitionOf.get(aggregate));
            log.eventsSince += events.size();
            log.dirty.add(aggregate);
        });
        lastSent.forEach((partition, sent) -> log(partition).nextOffset = offsetAfter(sent));
        lastSent.clear();
        staged.clear();
        stagedCount = 0;
    }

    /** The offset after a committed send (committing flushed it); -1 when it is unknown. */
    private static long offsetAfter(Future<RecordMetadata> sent) {
        if (sent == null || !sent.isDone()) {
            return -1;
        }
        try {
            RecordMetadata m = sent.get();
            return m.hasOffset() ? m.offset() + 1 : -1;
        } catch (ExecutionException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
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
        lastSent.clear();
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
        partitions.forEach(logs::remove);
        return dropped;
    }
}
