package io.rollbook.infra.kafka;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Outcomes;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * A command loop on Kafka's own mocks, with no broker: each session gets a fresh {@link MockConsumer}
 * and {@link FlakyProducer}, the group assigns it {@link #assignment}, it reads the command records
 * the test {@link #send}s from the last committed offset, and its restore reads back what earlier
 * sessions' producers committed. Failures are armed per producer ({@link FlakyProducer}).
 */
final class LoopOnMocks implements LoopClients {

    static final int PARTITIONS = 6;
    final Topics topics = Topics.defaults();
    final List<MockConsumer<String, byte[]>> consumers = new CopyOnWriteArrayList<>();
    final List<FlakyProducer> producers = new CopyOnWriteArrayList<>();
    final AtomicInteger restores = new AtomicInteger();
    /** Called on every new producer before the loop uses it: arm its failures here. */
    volatile java.util.function.Consumer<FlakyProducer> onProducer = p -> { };
    volatile Set<Integer> assignment = allPartitions();
    /** The engine's seal key ({@link ActorSeal}); none: every command a claim. */
    volatile ActorSeal seal = ActorSeal.NONE;
    /** Failures the next restores throw, one each, before they read anything. */
    final Deque<RuntimeException> restoreFailures = new java.util.concurrent.ConcurrentLinkedDeque<>();
    /** Command ids whose handler throws this (a bug in the aggregate, as far as the loop can tell). */
    final Map<String, RuntimeException> failingHandlers = new java.util.concurrent.ConcurrentHashMap<>();
    // read inside the consumer's poll (its lock held): never under this object's lock, which send holds
    private final Map<Integer, List<ConsumerRecord<String, byte[]>>> log = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<ProducerRecord<String, byte[]>> delivered = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Cluster cluster;
    /**
     * The offset each record sent got, over every session's producer, as one log per partition
     * gives them (MockProducer counts per producer); aborted records take theirs too, as in Kafka.
     */
    private final Map<ProducerRecord<String, byte[]>, Long> offsets =
            Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();

    LoopOnMocks() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = new ArrayList<>();
        for (String topic : topics.all()) {
            for (int p = 0; p < PARTITIONS; p++) {
                infos.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
            }
        }
        cluster = new Cluster("mock", List.of(node), infos, Set.of(), Set.of());
    }

    static Set<Integer> allPartitions() {
        Set<Integer> all = new HashSet<>();
        IntStream.range(0, PARTITIONS).forEach(all::add);
        return all;
    }

    CommandLoop loop(EngineListener listener) {
        return new CommandLoop(this, topics, "mock", listener, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)));
    }

    @Override
    public synchronized Consumer<String, byte[]> consumer(String member) {
        // Like Kafka, a seek reads the partition again from there (MockConsumer forgets what it returned).
        MockConsumer<String, byte[]> c = new MockConsumer<>("earliest") {
            @Override
            public synchronized void seek(TopicPartition tp, long offset) {
                super.seek(tp, offset);
                deliver(this, tp.partition(), offset);
            }
        };
        c.updatePartitions(topics.commands(), cluster.partitionsForTopic(topics.commands()));
        Map<TopicPartition, Long> start = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
        for (int p = 0; p < PARTITIONS; p++) {
            TopicPartition tp = new TopicPartition(topics.commands(), p);
            start.put(tp, committed.containsKey(tp) ? committed.get(tp).offset() : 0L);
        }
        c.updateBeginningOffsets(start);
        Set<Integer> assigned = Set.copyOf(assignment);
        c.schedulePollTask(() -> {
            c.rebalance(assigned.stream().map(p -> new TopicPartition(topics.commands(), p)).toList());
            for (int p : assigned) {
                deliver(c, p, start.get(new TopicPartition(topics.commands(), p)));
            }
        });
        consumers.add(c);
        return c;
    }

    /** Hands {@code c} the records of {@code partition} from {@code offset} on (one it already has is skipped by position). */
    private void deliver(MockConsumer<String, byte[]> c, int partition, long offset) {
        for (ConsumerRecord<String, byte[]> r : log.getOrDefault(partition, List.of())) {
            if (r.offset() >= offset) {
                c.addRecord(r);
            }
        }
    }

    @Override
    public ActorSeal seal() {
        return seal;
    }

    @Override
    public Producer<String, byte[]> producer(String transactionalId) {
        FlakyProducer p = new FlakyProducer(cluster, this::offsetFor);
        onProducer.accept(p);
        producers.add(p);
        return p;
    }

    /** What Kafka would give a restore: the events and outcomes committed so far, in order. */
    @Override
    public void restore(Set<Integer> partitions, AggregateStates states, ProcessedCommands processed) {
        restores.incrementAndGet();
        RuntimeException failure = restoreFailures.poll();
        if (failure != null) {
            throw failure;
        }
        for (ProducerRecord<String, byte[]> r : committed()) {
            if (!partitions.contains(r.partition())) {
                continue;
            }
            if (r.topic().equals(topics.events())) {
                EventEnvelope e = Events.decode(r.value());
                states.load(r.partition(), e.aggregate(), e.sequence(), e.data(), e.time());
            } else if (r.topic().equals(topics.outcomes())) {
                processed.restored(r.partition(), r.key(), offsets.get(r),
                        r.timestamp() == null ? Instant.EPOCH : Instant.ofEpochMilli(r.timestamp()));
            }
        }
    }

    /** The next offset of the record's partition, taken by it. */
    private synchronized long offsetFor(ProducerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition() == null ? 0 : record.partition());
        long offset = nextOffsets.merge(tp, 1L, Long::sum) - 1;
        offsets.put(record, offset);
        return offset;
    }

    /** Reads an outcome back from what was committed, by the offset its send got. */
    @Override
    public OutcomeLog outcomeLog(String clientId) {
        return new OutcomeLog() {
            @Override
            public Outcome read(int partition, long offset) {
                for (ProducerRecord<String, byte[]> r : committed(topics.outcomes())) {
                    if (r.partition() == partition && offsets.get(r) == offset) {
                        return Outcomes.decode(r.value());
                    }
                }
                return null;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public AxonDispatcher dispatcher(KafkaEventStorageEngine storage) {
        return new AxonDispatcher(storage) {
            @Override
            io.rollbook.engine.verbs.Decision dispatch(CommandEnvelope command) {
                RuntimeException failure = failingHandlers.get(command.commandId());
                if (failure != null) {
                    throw failure;
                }
                return super.dispatch(command);
            }
        };
    }

    /** Writes a command to {@code partition} of the command topic, as a producer would; the current consumer reads it. */
    synchronized ConsumerRecord<String, byte[]> send(int partition, CommandEnvelope command) {
        return send(partition, command.target().key(), Commands.encode(command), new RecordHeaders(),
                command.issuedAt() == null ? 0 : command.issuedAt().toEpochMilli());
    }

    synchronized ConsumerRecord<String, byte[]> send(int partition, String key, byte[] value, Headers headers,
                                                      long timestamp) {
        List<ConsumerRecord<String, byte[]>> records = log.computeIfAbsent(partition,
                k -> new CopyOnWriteArrayList<>());
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(topics.commands(), partition, records.size(), timestamp,
                TimestampType.CREATE_TIME, -1, -1, key, value, headers, Optional.empty());
        records.add(r);
        MockConsumer<String, byte[]> c = consumers.isEmpty() ? null : consumers.get(consumers.size() - 1);
        if (c != null) {
            c.schedulePollTask(() -> {
                if (c.assignment().contains(new TopicPartition(topics.commands(), partition))) {
                    c.addRecord(r);
                }
            });
        }
        return r;
    }

    /** Hands the commands the loop forwarded (and committed) to the command topic, as Kafka would. */
    synchronized void deliverForwarded() {
        for (ProducerRecord<String, byte[]> r : committed()) {
            if (r.topic().equals(topics.commands()) && delivered.add(r)) {
                send(r.partition(), r.key(), r.value(), r.headers(), r.timestamp());
            }
        }
    }

    /** Every record committed by any session's producer, in commit order. */
    List<ProducerRecord<String, byte[]>> committed() {
        List<ProducerRecord<String, byte[]>> all = new ArrayList<>();
        producers.forEach(p -> all.addAll(p.history()));
        return all;
    }

    List<ProducerRecord<String, byte[]>> committed(String topic) {
        return committed().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    List<Outcome> outcomes() {
        return committed(topics.outcomes()).stream().map(r -> Outcomes.decode(r.value())).toList();
    }

    List<EventEnvelope> events() {
        return committed(topics.events()).stream().map(r -> Events.decode(r.value())).toList();
    }

    Map<TopicPartition, OffsetAndMetadata> committedOffsets() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (FlakyProducer p : producers) {
            for (Map<String, Map<TopicPartition, OffsetAndMetadata>> commit : p.consumerGroupOffsetsHistory()) {
                commit.values().forEach(out::putAll);
            }
        }
        return out;
    }

    static CommandEnvelope command(String id, String name, io.rollbook.api.command.CommandPayload payload) {
        return CommandEnvelope.of(id, io.rollbook.api.value.ObjectRef.deployment("default", name),
                Instant.parse("2026-01-01T00:00:00Z"), "tester", null, payload);
    }

    /** A transactional mock producer whose calls fail once per armed exception, in order. */
    static final class FlakyProducer extends MockProducer<String, byte[]> {
        final Deque<RuntimeException> beginFailures = new ArrayDeque<>();
        final Deque<RuntimeException> sendOffsetsFailures = new ArrayDeque<>();
        final Deque<RuntimeException> commitFailures = new ArrayDeque<>();
        final AtomicInteger aborts = new AtomicInteger();
        private final java.util.function.ToLongFunction<ProducerRecord<String, byte[]>> offsets;

        FlakyProducer(Cluster cluster, java.util.function.ToLongFunction<ProducerRecord<String, byte[]>> offsets) {
            super(cluster, true, null, new StringSerializer(), new ByteArraySerializer());
            this.offsets = offsets;
        }

        /** As MockProducer sends, with the offset the partition's one log gives the record. */
        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            Future<RecordMetadata> sent = super.send(record, callback);
            RecordMetadata m;
            try {
                m = sent.get();
            } catch (InterruptedException | ExecutionException e) {
                return sent;
            }
            return CompletableFuture.completedFuture(new RecordMetadata(new TopicPartition(m.topic(), m.partition()),
                    offsets.applyAsLong(record), 0, m.timestamp(), m.serializedKeySize(), m.serializedValueSize()));
        }

        @Override
        public void beginTransaction() {
            throwArmed(beginFailures);
            super.beginTransaction();
        }

        @Override
        public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
            throwArmed(sendOffsetsFailures);
            super.sendOffsetsToTransaction(offsets, group);
        }

        @Override
        public void commitTransaction() {
            throwArmed(commitFailures);
            super.commitTransaction();
        }

        @Override
        public void abortTransaction() {
            aborts.incrementAndGet();
            super.abortTransaction();
        }

        private static synchronized void throwArmed(Deque<RuntimeException> failures) {
            RuntimeException e = failures.poll();
            if (e != null) {
                throw e;
            }
        }
    }
}
