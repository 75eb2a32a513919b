package io.rollbook.infra.kafka;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.MalformedCommand;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.event.Events;
import io.rollbook.engine.verbs.Decision;
import io.rollbook.engine.verbs.Rejection;
import io.rollbook.infra.broker.Topics;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine: reads {@code rollbook.commands} in group {@code rollbook-engine}, runs each command
 * through its aggregate, and writes events, outcomes and the consumed offsets in one Kafka
 * transaction per polled batch (exactly once; a zombie is fenced by the group metadata, KIP-447).
 * A partition's event index and processed command ids are rebuilt from Kafka when it is assigned.
 */
public final class CommandLoop implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandLoop.class);
    public static final String GROUP = "rollbook-engine";
    /** Command loops per process unless told otherwise (see docs/BENCHMARKS.md for what more of them gave). */
    public static final int DEFAULT_WORKERS = 1;

    /**
     * The transactional producer's settings (besides its ids). {@code retry.backoff.ms}: a transaction
     * begun right after the previous commit meets CONCURRENT_TRANSACTIONS until the coordinator has
     * written the previous markers, a few milliseconds; with the default 100 ms backoff,
     * {@code sendOffsetsToTransaction} took 105 ms at the median here. The backoff still grows
     * exponentially (to {@code retry.backoff.max.ms}, 1 s) when a broker stays away.
     */
    public static final Map<String, Object> PRODUCER = Map.of(
            "enable.idempotence", "true",
            "acks", "all",
            "linger.ms", "5",
            "batch.size", String.valueOf(64 * 1024),
            "compression.type", "lz4",
            "retry.backoff.ms", "2");

    private final KafkaSettings kafka;
    private final Topics topics;
    private final String instanceId;
    private final EngineListener listener;
    private final EventIndex index = new EventIndex();
    private final Map<Integer, Map<String, Outcome>> processed = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private KafkaEventStorageEngine storage;
    private EngineCore core;
    private int partitions;
    private int sentInBatch;

    public CommandLoop(KafkaSettings kafka, Topics topics, String instanceId, EngineListener listener) {
        this.kafka = kafka;
        this.topics = topics;
        this.instanceId = instanceId;
        this.listener = listener;
    }

    /**
     * A producer with the engine's settings ({@link #PRODUCER}) under {@code transactionalId}, which
     * is also its client id. The bench's raw baselines use it too, so they write as the engine writes.
     */
    public static KafkaProducer<String, byte[]> transactionalProducer(KafkaSettings kafka, String transactionalId) {
        Map<String, Object> props = new HashMap<>(PRODUCER);
        props.put("transactional.id", transactionalId);
        props.put("client.id", transactionalId);
        return new KafkaProducer<>(kafka.properties(props), new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * The instance id of worker {@code worker} of instance {@code instanceId}: the first keeps the
     * instance's own id (its static group membership and transactional id are those of a one-loop
     * engine), the others add {@code -w<n>}.
     */
    public static String workerId(String instanceId, int worker) {
        return worker == 0 ? instanceId : instanceId + "-w" + worker;
    }

    @Override
    public void run() {
        try {
            open();
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    processBatch(records);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            LOG.error("engine {} was fenced by a newer instance with the same transactional id; stopping", instanceId);
        } finally {
            closeClients();
        }
    }

    private void open() {
        consumer = new KafkaConsumer<>(kafka.properties(Map.of(
                "group.id", GROUP,
                "isolation.level", "read_committed",
                "enable.auto.commit", "false",
                "auto.offset.reset", "earliest",
                "max.poll.records", "500",
                // Static membership (KIP-345): a restarted instance takes its partitions back at once
                // instead of waiting for its old session to time out.
                "group.instance.id", "rollbook-engine-" + instanceId,
                "session.timeout.ms", "15000",
                "client.id", "rollbook-engine-" + instanceId)),
                new StringDeserializer(), new ByteArrayDeserializer());
        producer = transactionalProducer(kafka, "rollbook-engine-" + instanceId);
        producer.initTransactions();
        listener.clientsCreated(consumer, producer);
        partitions = consumer.partitionsFor(topics.commands()).size();
        storage = new KafkaEventStorageEngine(topics.events(), partitions, index);
        storage.useProducer(producer);
        core = new EngineCore(storage);
        consumer.subscribe(List.of(topics.commands()), new Rebalance());
    }

    private void processBatch(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        Map<Integer, Map<String, Outcome>> batchOutcomes = new HashMap<>();
        producer.beginTransaction();
        sentInBatch = 0;
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                firstOffsets.putIfAbsent(tp, record.offset());
                next.put(tp, new OffsetAndMetadata(record.offset() + 1));
                handle(record, batchOutcomes);
            }
            producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
            int written = sentInBatch + index.stagedCount();
            producer.commitTransaction();
            index.commit();
            listener.transactionCommitted(records.count(), written);
            batchOutcomes.forEach((p, m) -> processed.computeIfAbsent(p, k -> new HashMap<>()).putAll(m));
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("transaction aborted, the batch will be processed again: {}", e.toString());
            listener.transactionAborted(e);
            producer.abortTransaction();
            core.evict(index.abort());
            firstOffsets.forEach(consumer::seek);
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record, Map<Integer, Map<String, Outcome>> batch) {
        CommandEnvelope command;
        try {
            command = Commands.decode(record.value(), Instant.ofEpochMilli(record.timestamp()));
        } catch (MalformedCommand e) {
            deadLetter(record, e.getMessage());
            if (e.commandId() != null) {
                publish(record.partition(),
                        Outcome.rejected(e.commandId(), Outcome.Reason.BadRequest, e.getMessage()));
            }
            return;
        }
        Outcome first = outcomeOf(record.partition(), command.commandId(), batch);
        if (first != null) {
            publish(record.partition(), first); // a repeated id gets the first outcome again
            return;
        }
        Outcome outcome = execute(command);
        batch.computeIfAbsent(record.partition(), k -> new HashMap<>()).put(command.commandId(), outcome);
        publish(record.partition(), outcome);
        listener.processed(command, outcome, Instant.now());
    }

    private Outcome execute(CommandEnvelope command) {
        int before = index.stagedCount();
        try {
            Decision d = core.dispatch(command);
            return new Outcome(command.commandId(), d.status(), d.message(), d.revision(),
                    index.stagedCount() - before);
        } catch (Rejection e) {
            return Outcome.rejected(command.commandId(), e.reason(), e.getMessage());
        } catch (KafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("command {} ({} {}) failed", command.commandId(), command.type(), command.target().key(), e);
            return Outcome.rejected(command.commandId(), Outcome.Reason.InternalError, "internal error: " + e);
        }
    }

    private Outcome outcomeOf(int partition, String commandId, Map<Integer, Map<String, Outcome>> batch) {
        Map<String, Outcome> inBatch = batch.get(partition);
        if (inBatch != null && inBatch.containsKey(commandId)) {
            return inBatch.get(commandId);
        }
        Map<String, Outcome> done = processed.get(partition);
        return done == null ? null : done.get(commandId);
    }

    private void publish(int partition, Outcome outcome) {
        sentInBatch++;
        producer.send(new ProducerRecord<>(topics.outcomes(), partition, outcome.commandId(),
                Codec.toJson(outcome).getBytes(StandardCharsets.UTF_8)));
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(topics.deadletter(), record.key(), record.value());
        dead.headers().add(new RecordHeader("rollbook.error", reason.getBytes(StandardCharsets.UTF_8)));
        dead.headers().add(new RecordHeader("rollbook.source.offset",
                (record.topic() + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8)));
        sentInBatch++;
        producer.send(dead);
        listener.deadLettered(reason);
        LOG.warn("dead-lettered {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
                record.key(), reason);
    }

    /** Restores the event index and processed ids of assigned partitions; forgets revoked ones. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            Set<Integer> ps = new HashSet<>();
            assigned.forEach(tp -> ps.add(tp.partition()));
            restore(ps);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            forget(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            forget(lost);
        }

        private void forget(Collection<TopicPartition> tps) {
            Set<Integer> ps = new HashSet<>();
            tps.forEach(tp -> ps.add(tp.partition()));
            core.evict(index.drop(ps));
            ps.forEach(processed::remove);
        }
    }

    /**
     * Rebuilds the event index and processed command ids of newly assigned partitions, reading each
     * topic once for all of them (one partition at a time cost a consumer and a second per partition).
     */
    private void restore(Set<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        core.evict(index.drop(partitions));
        Map<Integer, Long> events = new HashMap<>();
        PartitionReader.readAll(kafka, partitionsOf(topics.events(), partitions), r -> {
            var e = Events.decode(r.value());
            index.load(r.partition(), e.aggregate(), e.sequence(), e.data(), e.time() == null ? Instant.EPOCH : e.time());
            events.merge(r.partition(), 1L, Long::sum);
        });
        Map<Integer, Map<String, Outcome>> done = new HashMap<>();
        partitions.forEach(p -> done.put(p, new HashMap<>()));
        PartitionReader.readAll(kafka, partitionsOf(topics.outcomes(), partitions), r -> {
            Outcome o = readOutcome(r.value());
            done.get(r.partition()).putIfAbsent(o.commandId(), o);
        });
        processed.putAll(done);
        for (int p : partitions) {
            long e = events.getOrDefault(p, 0L);
            listener.restored(p, e, done.get(p).size());
            LOG.info("restored partition {}: {} events, {} outcomes", p, e, done.get(p).size());
        }
    }

    private static List<TopicPartition> partitionsOf(String topic, Set<Integer> partitions) {
        return partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
    }

    static Outcome readOutcome(byte[] value) {
        try {
            return Codec.json().readValue(value, Outcome.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable outcome: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        running.set(false);
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    private void closeClients() {
        if (core != null) {
            core.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
