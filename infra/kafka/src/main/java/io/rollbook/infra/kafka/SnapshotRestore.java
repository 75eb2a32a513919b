package io.rollbook.infra.kafka;

import io.rollbook.api.state.Snapshots;
import io.rollbook.engine.aggregate.FoldedAggregate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the latest snapshot of partitions being restored from {@code rollbook.snapshots} (what
 * {@link SnapshotWriter} wrote) and says whether it can be trusted. It can when its marker and every
 * aggregate record it counts decode (format version, CRC32C, a consistent state), each aggregate
 * record is no newer than the marker, their number is the marker's, and the marker's offset lies
 * within the events partition as it is now (at or after its log start: the tail after it is still
 * there; at or before its end: it is this log's). Anything else is ignored with its reason, and
 * the partition's log is read in full: never a wrong state.
 */
final class SnapshotRestore {

    /** The problem of a partition that has no snapshot at all (a new one, or one never snapshotted): not worth a warning. */
    static final String NONE = "there is none";

    private SnapshotRestore() {
    }

    /**
     * One partition's latest snapshot as found.
     *
     * @param marker     the latest marker, or null (none, or unreadable: see {@code problem})
     * @param aggregates the latest record of each aggregate key, decoded
     * @param keys       every aggregate the topic holds a record for (also the unreadable ones)
     * @param problem    why it cannot be used whatever the events partition holds; null when it may be
     */
    record Found(Snapshots.PartitionSnapshot marker, Map<String, Snapshots.AggregateSnapshot> aggregates,
                 Set<String> keys, String problem) {

        /** Why it cannot be used with an events partition from {@code logStart} to {@code end}; null when it can. */
        String problemWith(long logStart, long end) {
            if (problem != null) {
                return problem;
            }
            if (marker.offset() < logStart) {
                return "it covers the events before offset " + marker.offset() + ", but the log starts at " + logStart;
            }
            if (marker.offset() > end) {
                return "it covers the events before offset " + marker.offset() + ", but the log ends at " + end;
            }
            return null;
        }
    }

    /** The latest snapshot of each of {@code partitions} (events partitions), read committed. */
    static Map<Integer, Found> read(KafkaSettings kafka, String clientId, String topic, Set<Integer> partitions) {
        Map<Integer, Found> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(ClientRole.COMMITTED_READER, clientId + "-snapshots")) {
            List<org.apache.kafka.common.PartitionInfo> info = consumer.partitionsFor(topic);
            if (info == null || info.isEmpty()) {
                partitions.forEach(p -> found.put(p, none("there is no topic " + topic)));
                return found;
            }
            Set<TopicPartition> read = new TreeSet<>(java.util.Comparator.comparingInt(TopicPartition::partition));
            partitions.forEach(p -> read.add(new TopicPartition(topic, SnapshotWriter.snapshotPartition(p, info.size()))));
            Map<String, byte[]> latest = new LinkedHashMap<>();
            ReadToEnd.fromBeginning(consumer, read, r -> latest(latest, r));
            partitions.forEach(p -> found.put(p, of(p, latest)));
        }
        return found;
    }

    private static void latest(Map<String, byte[]> latest, ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        if (r.value() == null) {
            latest.remove(r.key()); // a tombstone: the aggregate's record was withdrawn
        } else {
            latest.put(r.key(), r.value());
        }
    }

    /** Partition {@code p}'s snapshot among the latest records of its snapshots partition. */
    static Found of(int p, Map<String, byte[]> latest) {
        String prefix = SnapshotWriter.markerKey(p) + "/";
        Map<String, byte[]> records = new LinkedHashMap<>();
        latest.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                records.put(key.substring(prefix.length()), value);
            }
        });
        Set<String> keys = Set.copyOf(records.keySet());
        byte[] markerValue = latest.get(SnapshotWriter.markerKey(p));
        if (markerValue == null) {
            return new Found(null, Map.of(), keys, NONE);
        }
        Snapshots.PartitionSnapshot marker;
        try {
            marker = Snapshots.decodePartition(markerValue);
        } catch (Snapshots.Unreadable e) {
            return new Found(null, Map.of(), keys, "its marker is unreadable: " + e.getMessage());
        }
        if (marker.partition() != p) {
            return new Found(null, Map.of(), keys, "its marker names partition " + marker.partition());
        }
        Map<String, Snapshots.AggregateSnapshot> aggregates = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : records.entrySet()) {
            try {
                Snapshots.AggregateSnapshot s = Snapshots.decodeAggregate(e.getValue());
                if (!s.aggregate().equals(e.getKey()) || s.offset() > marker.offset()) {
                    return new Found(null, Map.of(), keys, "the record of " + e.getKey() + " is not part of it");
                }
                aggregates.put(e.getKey(), s);
            } catch (Snapshots.Unreadable u) {
                return new Found(null, Map.of(), keys, "the record of " + e.getKey() + " is unreadable: " + u.getMessage());
            }
        }
        if (aggregates.size() != marker.aggregates()) {
            return new Found(null, Map.of(), keys, "it counts " + marker.aggregates() + " aggregates but "
                    + aggregates.size() + " are there");
        }
        return new Found(marker, aggregates, keys, null);
    }

    private static Found none(String why) {
        return new Found(null, Map.of(), Set.of(), why);
    }

    /**
     * Loads a usable snapshot's aggregates into {@code states}; false (and nothing loaded) when one of
     * them does not make an aggregate of its kind.
     */
    static boolean load(int partition, Found found, AggregateStates states, StringBuilder problem) {
        List<Snapshots.AggregateSnapshot> snapshots = List.copyOf(found.aggregates().values());
        List<FoldedAggregate> made = new java.util.ArrayList<>(snapshots.size());
        for (Snapshots.AggregateSnapshot s : snapshots) {
            try {
                made.add(FoldedAggregate.of(s));
            } catch (Snapshots.Unreadable | RuntimeException e) {
                problem.append("the state of ").append(s.aggregate()).append(" does not restore: ").append(e.getMessage());
                return false;
            }
        }
        for (int i = 0; i < snapshots.size(); i++) {
            states.load(partition, snapshots.get(i), made.get(i));
        }
        return true;
    }
}
