package io.rollbook.infra.projection;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kafka.Partitions;
import io.rollbook.infra.kafka.ReadToEnd;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.projections.EventHistory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code rollbook.events} read back for audit and replay: a bounded read, from the log start to the
 * last stable offsets at the time of asking, with a consumer of its own per question. One aggregate's
 * question reads the one partition its key hashes to (murmur2, as the engine appends); a question
 * about every aggregate reads every partition and hands the events on in the order they were written
 * (record timestamps, each partition's own order kept), which is the order the projections folded
 * them in up to the interleaving of polls.
 */
public final class KafkaEventHistory implements EventHistory {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventHistory.class);

    private final KafkaSettings kafka;
    private final Topics topics;
    private final AtomicLong recordsRead = new AtomicLong();

    public KafkaEventHistory(KafkaSettings kafka, Topics topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    /** How many records every read so far has fetched (what a question costs). */
    public long recordsRead() {
        return recordsRead.get();
    }

    @Override
    public void read(String aggregateId, Consumer<EventEnvelope> each) {
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(ClientRole.COMMITTED_READER,
                "rollbook-projections-history")) {
            List<TopicPartition> all = ReadToEnd.partitionsOf(consumer, topics.events());
            Events.Decoder decoder = Events.decoder();
            if (aggregateId != null) {
                TopicPartition tp = new TopicPartition(topics.events(),
                        Partitions.of(ObjectRef.keyOfAggregate(aggregateId), all.size()));
                // by the envelope's aggregate, not the record key: the envelope is the contract
                recordsRead.addAndGet(ReadToEnd.fromBeginning(consumer, List.of(tp), r -> decode(r, decoder, e -> {
                    if (aggregateId.equals(e.aggregate())) {
                        each.accept(e);
                    }
                })));
                return;
            }
            Map<Integer, List<ConsumerRecord<String, byte[]>>> byPartition = new HashMap<>();
            recordsRead.addAndGet(ReadToEnd.fromBeginning(consumer, all,
                    r -> byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r)));
            merged(byPartition, r -> decode(r, decoder, each));
        } catch (InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            throw new IllegalStateException("cannot read " + topics.events() + " back: " + e.getMessage(), e);
        }
    }

    /** Hands on each partition's records in order, the partitions merged by record timestamp. */
    private static void merged(Map<Integer, List<ConsumerRecord<String, byte[]>>> byPartition,
                               Consumer<ConsumerRecord<String, byte[]>> each) {
        record Head(int partition, int index, ConsumerRecord<String, byte[]> record) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> a.record().timestamp() != b.record().timestamp()
                ? Long.compare(a.record().timestamp(), b.record().timestamp()) : Integer.compare(a.partition(), b.partition()));
        byPartition.forEach((p, records) -> heads.add(new Head(p, 0, records.get(0))));
        while (!heads.isEmpty()) {
            Head h = heads.poll();
            each.accept(h.record());
            List<ConsumerRecord<String, byte[]>> records = byPartition.get(h.partition());
            if (h.index() + 1 < records.size()) {
                heads.add(new Head(h.partition(), h.index() + 1, records.get(h.index() + 1)));
            }
        }
    }

    /** As the runner does: a record that is not an event is skipped and logged, never folded. */
    private static void decode(ConsumerRecord<String, byte[]> r, Events.Decoder decoder, Consumer<EventEnvelope> each) {
        EventEnvelope e;
        try {
            e = decoder.decode(r.value());
        } catch (IllegalArgumentException ex) {
            LOG.warn("skipping unreadable event {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), ex.getMessage());
            return;
        }
        each.accept(e);
    }
}
