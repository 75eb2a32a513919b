package io.rollbook.infra.kafka;

import io.rollbook.api.command.Outcomes;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds what a command loop keeps of newly assigned partitions from Kafka, the only store: each
 * aggregate folded from its committed events ({@link AggregateStates}), and the command ids answered
 * with their first outcome ({@link ProcessedCommands}) from the outcomes of its dedupe window only
 * (Kafka's offsets for the time {@code now - window}). The aggregates start from the partition's
 * latest snapshot when it can be trusted, and only the events after it are read. Each topic is read
 * once for all the partitions of an assignment (one partition at a time cost a consumer and a
 * second per partition).
 */
final class PartitionRestore {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionRestore.class);
    /** Longer than the engine's transaction timeout, after which the broker aborts an open transaction. */
    private static final java.time.Duration STABLE_PATIENCE = java.time.Duration.ofSeconds(15);

    private final KafkaSettings kafka;
    private final Topics topics;
    private final String clientId;
    private final EngineListener listener;
    private final Clock clock;

    PartitionRestore(KafkaSettings kafka, Topics topics, String clientId, EngineListener listener, Clock clock) {
        this.kafka = kafka;
        this.topics = topics;
        this.clientId = clientId;
        this.listener = listener;
        this.clock = clock;
    }

    /** Reads the events and outcomes of {@code partitions} into {@code states} and {@code processed}, which hold none of them yet. */
    void restore(Set<Integer> partitions, AggregateStates states, ProcessedCommands processed) {
        if (partitions.isEmpty()) {
            return;
        }
        List<TopicPartition> all = new java.util.ArrayList<>(partitionsOf(topics.events(), partitions));
        all.addAll(partitionsOf(topics.outcomes(), partitions));
        if (!ReadToEnd.awaitStable(kafka, clientId, all, STABLE_PATIENCE)) {
            LOG.warn("partitions {}: a transaction is still open after {}; restoring from what is committed",
                    partitions, STABLE_PATIENCE);
        }
        Map<Integer, Long> events = restoreAggregates(partitions, states);
        // Only the outcomes of the dedupe window: older ones are no longer remembered by a running loop either.
        Instant since = clock.instant().minus(processed.window());
        ReadToEnd.readSince(kafka, clientId, partitionsOf(topics.outcomes(), partitions), since,
                r -> processed.restored(r.partition(), commandIdOf(r), r.offset(), Instant.ofEpochMilli(r.timestamp())));
        for (int p : partitions) {
            long e = events.getOrDefault(p, 0L);
            listener.restored(p, e, processed.count(p));
            LOG.info("restored partition {}: {} events, {} outcomes", p, e, processed.count(p));
        }
    }

    /**
     * Each aggregate of {@code partitions}: from the partition's latest snapshot when it can be
     * trusted ({@link SnapshotRestore}) and the events after it, or else from all of its events.
     *
     * @return the events read, per partition
     */
    private Map<Integer, Long> restoreAggregates(Set<Integer> partitions, AggregateStates states) {
        Map<Integer, SnapshotRestore.Found> snapshots = SnapshotRestore.read(kafka, clientId, topics.snapshots(), partitions);
        Map<Integer, Long> events = new HashMap<>();
        Map<Integer, Instant> fromSnapshot = new HashMap<>();
        List<TopicPartition> tps = partitionsOf(topics.events(), partitions);
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(ClientRole.COMMITTED_READER, clientId)) {
            consumer.assign(tps);
            Map<TopicPartition, Long> start = consumer.beginningOffsets(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            for (TopicPartition tp : tps) {
                SnapshotRestore.Found found = snapshots.get(tp.partition());
                StringBuilder problem = new StringBuilder();
                String why = found.problemWith(start.get(tp), end.get(tp));
                if (why == null && SnapshotRestore.load(tp.partition(), found, states, problem)) {
                    consumer.seek(tp, found.marker().offset());
                    fromSnapshot.put(tp.partition(), clock.instant());
                    listener.restoredFromSnapshot(tp.partition(), found.marker().offset());
                    LOG.info("partition {}: restoring from its snapshot at offset {} ({} aggregates)", tp.partition(),
                            found.marker().offset(), found.aggregates().size());
                } else {
                    consumer.seek(tp, start.get(tp));
                    if (found.marker() != null || !found.keys().isEmpty() || found.problem() == null
                            || !found.problem().equals(SnapshotRestore.NONE)) {
                        LOG.warn("partition {}: reading the whole log, its snapshot is ignored: {}", tp.partition(),
                                why != null ? why : problem);
                    }
                }
            }
            ReadToEnd.drain(consumer, r -> {
                EventEnvelope e = Events.decode(r.value());
                states.load(r.partition(), e.aggregate(), e.sequence(), e.data(), e.time() == null ? Instant.EPOCH : e.time());
                events.merge(r.partition(), 1L, Long::sum);
            });
            for (TopicPartition tp : tps) {
                states.restored(tp.partition(), consumer.position(tp), fromSnapshot.get(tp.partition()),
                        snapshots.get(tp.partition()).keys());
            }
        }
        return events;
    }

    /** An outcome record's command id: its key (the value's, for a record written without one). */
    private static String commandIdOf(ConsumerRecord<String, byte[]> r) {
        return r.key() != null ? r.key() : Outcomes.decode(r.value()).commandId();
    }

    private static List<TopicPartition> partitionsOf(String topic, Set<Integer> partitions) {
        return partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
    }
}
