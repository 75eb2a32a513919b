package io.rollbook.infra.kafka;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.MalformedCommand;
import io.rollbook.api.command.Outcome;
import io.rollbook.engine.verbs.Decision;
import io.rollbook.engine.verbs.Rejection;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private final KafkaSettings kafka;
    private final Topics topics;
    private final String instanceId;
    private final EngineListener listener;
    private final AggregateStates states = new AggregateStates();
    private final ProcessedCommands processed = new ProcessedCommands();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private AxonDispatcher dispatcher;
    private int partitions;
    private BatchTransaction transaction;
    private PartitionRestore restore;

    public CommandLoop(KafkaSettings kafka, Topics topics, String instanceId, EngineListener listener) {
        this.kafka = kafka;
        this.topics = topics;
        this.instanceId = instanceId;
        this.listener = listener;
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
        String member = "rollbook-engine-" + instanceId;
        // Static membership (KIP-345): a restarted instance takes its partitions back at once
        // instead of waiting for its old session to time out.
        consumer = kafka.consumer(ClientRole.ENGINE_CONSUMER, member,
                Map.of("group.id", GROUP, "group.instance.id", member));
        producer = kafka.transactionalProducer(member);
        producer.initTransactions();
        listener.clientsCreated(consumer, producer);
        partitions = consumer.partitionsFor(topics.commands()).size();
        dispatcher = new AxonDispatcher(KafkaEventStorageEngine.builder().topic(topics.events()).partitions(partitions)
                .states(states).producer(producer).build());
        transaction = new BatchTransaction(producer, topics);
        restore = new PartitionRestore(kafka, topics, "rollbook-restore-" + instanceId, listener);
        consumer.subscribe(List.of(topics.commands()), new Rebalance());
    }

    private void processBatch(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        transaction.begin();
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                firstOffsets.putIfAbsent(tp, record.offset());
                next.put(tp, new OffsetAndMetadata(record.offset() + 1));
                handle(record);
            }
            int written = transaction.sent() + states.stagedCount();
            transaction.commit(next, consumer.groupMetadata());
            states.commit();
            processed.commit();
            listener.transactionCommitted(records.count(), written);
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("transaction aborted, the batch will be processed again: {}", e.toString());
            listener.transactionAborted(e);
            transaction.abort();
            dispatcher.evict(states.abort());
            processed.abort();
            firstOffsets.forEach(consumer::seek);
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        CommandEnvelope command;
        try {
            command = Commands.decode(record.value(), Instant.ofEpochMilli(record.timestamp()));
        } catch (MalformedCommand e) {
            transaction.deadLetter(record, e.getMessage());
            listener.deadLettered(e.getMessage());
            LOG.warn("dead-lettered {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
                    record.key(), e.getMessage());
            if (e.commandId() != null) {
                transaction.publish(record.partition(),
                        Outcome.rejected(e.commandId(), Outcome.Reason.BadRequest, e.getMessage()));
            }
            return;
        }
        Outcome first = processed.firstOutcome(record.partition(), command.commandId());
        if (first != null) {
            transaction.publish(record.partition(), first); // a repeated id gets the first outcome again
            return;
        }
        Outcome outcome = execute(command);
        processed.stage(record.partition(), outcome);
        transaction.publish(record.partition(), outcome);
        listener.processed(command, outcome, Instant.now());
    }

    private Outcome execute(CommandEnvelope command) {
        int before = states.stagedCount();
        try {
            Decision d = dispatcher.dispatch(command);
            return new Outcome(command.commandId(), d.status(), d.message(), d.revision(),
                    states.stagedCount() - before);
        } catch (Rejection e) {
            return Outcome.rejected(command.commandId(), e.reason(), e.getMessage());
        } catch (KafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("command {} ({} {}) failed", command.commandId(), command.type(), command.target().key(), e);
            return Outcome.rejected(command.commandId(), Outcome.Reason.InternalError, "internal error: " + e);
        }
    }

    /** Restores the aggregates and processed ids of assigned partitions; forgets revoked ones. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            Set<Integer> ps = partitions(assigned);
            forget(ps); // whatever was kept of them is stale now
            restore.restore(ps, states, processed);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            forget(partitions(revoked));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            forget(partitions(lost));
        }

        private void forget(Set<Integer> ps) {
            dispatcher.evict(states.drop(ps));
            processed.forget(ps);
        }

        private Set<Integer> partitions(Collection<TopicPartition> tps) {
            Set<Integer> ps = new HashSet<>();
            tps.forEach(tp -> ps.add(tp.partition()));
            return ps;
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
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
