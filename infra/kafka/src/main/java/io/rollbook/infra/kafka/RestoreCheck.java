package io.rollbook.infra.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a restart would restore, checked against the truth: every partition restored as a new owner
 * restores it ({@link PartitionRestore}: the latest trusted snapshot and the tail, or the whole log),
 * and every aggregate folded from the whole log, compared aggregate by aggregate. For the crash
 * test, between a kill and the restart (nothing writes the events then, so both reads end at the
 * same offsets).
 */
public final class RestoreCheck {

    /**
     * @param partitions   how many partitions were restored
     * @param fromSnapshot how many of them from a snapshot
     * @param differences  the aggregates whose restored state is not the whole log's (at most 10 named)
     */
    public record Result(int partitions, int fromSnapshot, List<String> differences) {
    }

    private RestoreCheck() {
    }

    public static Result check(KafkaSettings kafka, Topics topics, int partitions) {
        Set<Integer> all = new TreeSet<>();
        for (int p = 0; p < partitions; p++) {
            all.add(p);
        }
        Set<Integer> fromSnapshot = new HashSet<>();
        EngineListener listener = new EngineListener() {
            @Override
            public void restoredFromSnapshot(int partition, long offset) {
                fromSnapshot.add(partition);
            }
        };
        AggregateStates restored = new AggregateStates();
        try (OutcomeLog outcomes = OutcomeLog.of(kafka, topics.outcomes(), "rollbook-restore-check-outcomes")) {
            new PartitionRestore(kafka, topics, "rollbook-restore-check", listener, Clock.systemUTC())
                    .restore(all, restored, new ProcessedCommands(Duration.ofMinutes(1), 1, outcomes, EngineListener.NONE));
        }
        AggregateStates whole = new AggregateStates();
        ReadToEnd.readAll(kafka, "rollbook-restore-check-log", topics.events(), r -> {
            EventEnvelope e = Events.decode(r.value());
            whole.load(r.partition(), e.aggregate(), e.sequence(), e.data(), e.time() == null ? Instant.EPOCH : e.time());
        });
        Map<String, JsonNode> a = states(restored, partitions);
        Map<String, JsonNode> b = states(whole, partitions);
        List<String> differences = new ArrayList<>();
        Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k)) && differences.size() < 10) {
                differences.add(k + (a.get(k) == null ? ": not restored" : b.get(k) == null ? ": restored, not in the log"
                        : ": restored state differs from the whole log's"));
            }
        }
        return new Result(partitions, fromSnapshot.size(), differences);
    }

    /**
     * The events offset each partition's latest snapshot covers, for the partitions whose latest
     * snapshot a restore would trust as far as {@code rollbook.snapshots} goes (marker and records
     * readable and complete); the others are left out.
     */
    public static Map<Integer, Long> snapshotOffsets(KafkaSettings kafka, Topics topics, int partitions) {
        Set<Integer> all = new TreeSet<>();
        for (int p = 0; p < partitions; p++) {
            all.add(p);
        }
        Map<Integer, Long> out = new TreeMap<>();
        SnapshotRestore.read(kafka, "rollbook-snapshot-offsets", topics.snapshots(), all).forEach((p, found) -> {
            if (found.problem() == null) {
                out.put(p, found.marker().offset());
            }
        });
        return out;
    }

    private static Map<String, JsonNode> states(AggregateStates states, int partitions) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            for (String aggregate : states.aggregatesOf(p)) {
                // with the sequence of the last event folded in: a restore that skipped or repeated one differs
                out.put(aggregate, Codec.toTree(states.snapshotOf(aggregate, 0)));
            }
        }
        return out;
    }
}
