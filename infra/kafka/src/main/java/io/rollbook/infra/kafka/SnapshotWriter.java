package io.rollbook.infra.kafka;

import io.rollbook.api.state.Snapshots;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes the snapshots of owned partitions to {@code rollbook.snapshots}, in a transaction of their
 * own between two batches (a safe point: nothing is staged, the state is what Kafka committed), when
 * the {@link SnapshotPolicy} says so. One record per aggregate, keyed {@code events-P/AGGREGATE},
 * then the partition's marker keyed {@code events-P} ({@link Snapshots.PartitionSnapshot}: the events
 * offset covered and how many aggregates), all on snapshots partition {@code P} (modulo its count).
 * Only the aggregates changed since the last snapshot are written again: compaction keeps each key's
 * latest record, and an aggregate that did not change is the same at the new offset. A transaction
 * killed half-way is aborted and never read (read_committed), so a reader sees a whole snapshot or
 * the one before. Used by the command loop's thread only.
 */
final class SnapshotWriter {

    private final String topic;
    private final int snapshotPartitions;
    private final SnapshotPolicy policy;

    /** {@code snapshotPartitions} 0: the topic does not exist, and no snapshot is written (restores read the log). */
    SnapshotWriter(String topic, int snapshotPartitions, SnapshotPolicy policy) {
        this.topic = topic;
        this.snapshotPartitions = snapshotPartitions;
        this.policy = policy;
    }

    /** A snapshot of {@code partitions} could not be written at {@code now}: the next try is an interval later. */
    void postpone(AggregateStates states, Collection<Integer> partitions, Instant now) {
        partitions.forEach(p -> states.log(p).notBefore = now.plus(policy.interval()));
    }

    /** The key of events partition {@code partition}'s marker. */
    static String markerKey(int partition) {
        return "events-" + partition;
    }

    /** The key of one aggregate's record in events partition {@code partition}'s snapshot. */
    static String aggregateKey(int partition, String aggregate) {
        return markerKey(partition) + "/" + aggregate;
    }

    /** The snapshots partition that holds events partition {@code partition}'s snapshot. */
    static int snapshotPartition(int partition, int snapshotPartitions) {
        return partition % snapshotPartitions;
    }

    /** The owned partitions whose snapshot is due at {@code now} (their covered offset known). */
    List<Integer> due(AggregateStates states, Collection<Integer> owned, Instant now) {
        List<Integer> due = new java.util.ArrayList<>();
        if (snapshotPartitions == 0) {
            return due;
        }
        for (int p : new TreeSet<>(owned)) {
            AggregateStates.PartitionLog log = states.log(p);
            boolean waiting = log.notBefore != null && now.isBefore(log.notBefore);
            if (log.nextOffset >= 0 && !waiting && policy.due(log.eventsSince, log.lastSnapshot, now)) {
                due.add(p);
            }
        }
        return due;
    }

    /**
     * Sends the snapshot of {@code partition} in the producer's open transaction: the changed
     * aggregates, a tombstone for each stale key, then the marker.
     *
     * @return how many aggregate records were sent
     */
    int send(Producer<String, byte[]> producer, AggregateStates states, int partition) {
        AggregateStates.PartitionLog log = states.log(partition);
        int target = snapshotPartition(partition, snapshotPartitions);
        for (String aggregate : log.dirty) {
            producer.send(new ProducerRecord<>(topic, target, aggregateKey(partition, aggregate),
                    Snapshots.encode(states.snapshotOf(aggregate, log.nextOffset))));
        }
        for (String aggregate : log.stale) {
            producer.send(new ProducerRecord<>(topic, target, aggregateKey(partition, aggregate), null));
        }
        int aggregates = states.aggregatesOf(partition).size();
        producer.send(new ProducerRecord<>(topic, target, markerKey(partition),
                Snapshots.encode(new Snapshots.PartitionSnapshot(partition, log.nextOffset, aggregates))));
        return log.dirty.size();
    }
}
