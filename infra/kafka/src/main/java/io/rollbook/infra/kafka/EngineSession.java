package io.rollbook.infra.kafka;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.MalformedCommand;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.rollout.RolloutRecord;
import io.rollbook.engine.verbs.Decision;
import io.rollbook.engine.verbs.Rejection;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * One life of a command loop's Kafka clients: a member of the engine's group and a transactional
 * producer, with everything kept of the partitions assigned to it (each aggregate folded from its
 * events, the processed command ids). It polls, runs each batch as one transaction and commits.
 *
 * <p>A command runs only where its target lives: on the partition Kafka's default partitioner
 * (murmur2 of {@code namespace/name}) picks. One read elsewhere (a producer with another
 * partitioner, or an explicit partition) is forwarded to that partition inside the batch's
 * transaction, and its owner runs it.
 *
 * <p>A retriable failure of a batch is handled here: abort, seek back, run it again after a backoff.
 * Anything else ends the session by throwing; {@link CommandLoop} decides whether a new one starts.
 * Used by the loop's thread only.
 */
final class EngineSession {

    private static final Logger LOG = LoggerFactory.getLogger(EngineSession.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** The {@code Status.reason} of a command whose handler failed, as the API server's 500. */
    static final Outcome.Reason INTERNAL_ERROR = Outcome.Reason.InternalError;

    private final String instanceId;
    private final Topics topics;
    private final LoopClients clients;
    private final EngineListener listener;
    /** The rollout transitions written in the open transaction: counted once it commits. */
    private final List<RolloutRecord> rollouts = new ArrayList<>();
    private final LoopHealth health;
    private final Backoff backoff;
    private final Pause pause;
    private final AggregateStates states = new AggregateStates();
    private ProcessedCommands processed;
    private OutcomeLog outcomeLog;
    private final Set<Integer> owned = new TreeSet<>();
    private volatile Consumer<String, byte[]> consumer;
    private Producer<String, byte[]> producer;
    private AxonDispatcher dispatcher;
    private BatchTransaction transaction;
    private SnapshotWriter snapshots;
    private int partitions;
    private boolean restoreFailed;
    private boolean ran;

    EngineSession(String instanceId, Topics topics, LoopClients clients, EngineListener listener, LoopHealth health,
                  Backoff backoff, Pause pause) {
        this.instanceId = instanceId;
        this.topics = topics;
        this.clients = clients;
        this.listener = listener;
        this.health = health;
        this.backoff = backoff;
        this.pause = pause;
    }

    /** Makes the clients, fences any earlier producer of this instance, and subscribes. */
    void open() {
        String member = "rollbook-engine-" + instanceId;
        health.set(LoopHealth.Phase.STARTING, "opening the Kafka clients");
        consumer = clients.consumer(member);
        producer = clients.producer(member);
        producer.initTransactions(); // aborts what an earlier producer of this id left open
        listener.clientsCreated(consumer, producer);
        List<PartitionInfo> commandPartitions = consumer.partitionsFor(topics.commands());
        if (commandPartitions == null || commandPartitions.isEmpty()) {
            throw new IllegalStateException("topic " + topics.commands() + " does not exist");
        }
        partitions = commandPartitions.size();
        List<PartitionInfo> snapshotPartitions = consumer.partitionsFor(topics.snapshots());
        snapshots = new SnapshotWriter(topics.snapshots(), snapshotPartitions == null ? 0 : snapshotPartitions.size(),
                clients.snapshotPolicy());
        outcomeLog = clients.outcomeLog(member + "-outcomes");
        processed = new ProcessedCommands(clients.dedupeWindow(), clients.dedupeCap(), outcomeLog, listener);
        dispatcher = clients.dispatcher(KafkaEventStorageEngine.builder().topic(topics.events()).partitions(partitions)
                .states(states).producer(producer).owned(owned).build());
        transaction = new BatchTransaction(producer, topics);
        health.set(LoopHealth.Phase.STARTING, "joining group " + CommandLoop.GROUP);
        consumer.subscribe(List.of(topics.commands()), new Rebalance());
    }

    /** Polls and processes until {@code running} turns false (returns) or a failure ends the session (throws). */
    void run(BooleanSupplier running) {
        while (running.getAsBoolean()) {
            ConsumerRecords<String, byte[]> records;
            try {
                records = consumer.poll(POLL);
            } catch (WakeupException e) {
                if (!running.getAsBoolean()) {
                    return;
                }
                throw e;
            } catch (RuntimeException e) {
                // A restore that failed leaves the assignment half-kept: only a new session is sure.
                if (restoreFailed || KafkaFailures.classify(e) != KafkaFailures.Action.RETRY) {
                    throw e;
                }
                retryLater("polling", e);
                continue;
            }
            if (!records.isEmpty() && !process(records)) {
                continue; // aborted, to be read and run again
            }
            snapshotIfDue();
            if (backoff.attempts() == 0 && consumer.groupMetadata().generationId() > 0) {
                health.set(LoopHealth.Phase.RUNNING, "partitions " + owned);
                ran = true;
            }
        }
    }

    /** One batch, one transaction; false when it was aborted to be run again. */
    private boolean process(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        try {
            transaction.begin();
            rollouts.clear();
            for (ConsumerRecord<String, byte[]> record : records) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                firstOffsets.putIfAbsent(tp, record.offset());
                next.put(tp, new OffsetAndMetadata(record.offset() + 1));
                handle(record);
            }
            transaction.commit(next, consumer.groupMetadata());
        } catch (RuntimeException e) {
            KafkaFailures.Action action = KafkaFailures.classify(e);
            boolean aborted = abort(e);
            dispatcher.evict(states.abort());
            processed.abort();
            listener.transactionAborted(e);
            if (action != KafkaFailures.Action.RETRY || !aborted) {
                throw e;
            }
            firstOffsets.forEach(consumer::seek);
            retryLater("the batch", e);
            return false;
        }
        int written = transaction.sent() + states.stagedCount();
        states.commit();
        processed.commit(clients.clock().instant());
        backoff.reset();
        listener.transactionCommitted(records.count(), written);
        if (!rollouts.isEmpty()) {
            listener.rolloutsCommitted(List.copyOf(rollouts));
        }
        return true;
    }

    /**
     * Writes the snapshots that are due, in a transaction of their own, at a safe point: between two
     * batches, where the state is what Kafka committed. A snapshot that cannot be written is tried
     * again an interval later (restores read more of the log meanwhile, nothing else is lost); a
     * fenced producer, or one that cannot abort, ends the session as in a batch.
     */
    private void snapshotIfDue() {
        Instant now = clients.clock().instant();
        List<Integer> due = snapshots.due(states, owned, now);
        if (due.isEmpty()) {
            return;
        }
        int aggregates = 0;
        try {
            transaction.begin();
            for (int p : due) {
                aggregates += snapshots.send(producer, states, p);
            }
            // The consumed offsets again (unchanged): a zombie whose partitions moved cannot commit a snapshot either.
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            for (TopicPartition tp : consumer.assignment()) {
                positions.put(tp, new OffsetAndMetadata(consumer.position(tp)));
            }
            transaction.commit(positions, consumer.groupMetadata());
        } catch (RuntimeException e) {
            KafkaFailures.Action action = KafkaFailures.classify(e);
            boolean aborted = abort(e);
            listener.transactionAborted(e);
            if (action == KafkaFailures.Action.REJOIN || !aborted) {
                throw e;
            }
            snapshots.postpone(states, due, now);
            LOG.warn("engine {}: the snapshot of partitions {} was not written ({}); trying again later", instanceId,
                    due, KafkaFailures.describe(e));
            return;
        }
        for (int p : due) {
            states.snapshotWritten(p, now);
        }
        listener.snapshotsWritten(due, aggregates);
        LOG.debug("engine {}: snapshot of partitions {} written ({} aggregates changed)", instanceId, due, aggregates);
    }

    /** Aborts the open transaction if it can be; false when it cannot (a commit in doubt, a fenced producer). */
    private boolean abort(RuntimeException cause) {
        if (cause instanceof BatchTransaction.CommitUncertainException) {
            return false; // the client forbids an abort now: the session ends and a new producer aborts it
        }
        try {
            transaction.abort();
            return true;
        } catch (RuntimeException e) {
            LOG.warn("engine {}: aborting after {} failed too: {}", instanceId, KafkaFailures.describe(cause),
                    KafkaFailures.describe(e));
            return false;
        }
    }

    private void retryLater(String what, RuntimeException cause) {
        Duration wait = backoff.next();
        String detail = "running " + what + " again in " + wait.toMillis() + " ms after " + KafkaFailures.describe(cause)
                + " (attempt " + backoff.attempts() + ")";
        health.set(LoopHealth.Phase.RECOVERING, detail);
        listener.recovering(KafkaFailures.Action.RETRY.name(), cause);
        LOG.warn("engine {}: {}", instanceId, detail);
        pause.sleep(wait);
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
                        Outcome.rejected(e.commandId(), Outcome.Reason.BadRequest, e.getMessage()),
                        clients.clock().instant());
            }
            return;
        }
        int owner = Partitions.of(command.target().key(), partitions);
        if (owner != record.partition()) {
            transaction.forward(record, owner); // its owner answers it, once, after its own dedupe
            listener.forwarded(record.partition(), owner);
            return;
        }
        // After the forward, which passes the record on as it came: its owner checks the seal.
        command = clients.seal().vouch(command, record.headers(), record.value());
        Outcome first = processed.firstOutcome(record.partition(), command.commandId());
        Instant now = clients.clock().instant();
        if (first != null) {
            // a repeated id gets the first outcome again, and is remembered from now on
            processed.stage(record.partition(), first, now, transaction.publish(record.partition(), first, now));
            return;
        }
        Outcome outcome = execute(command, record);
        processed.stage(record.partition(), outcome, now, transaction.publish(record.partition(), outcome, now));
        listener.processed(command, outcome, clients.clock().instant());
    }

    private Outcome execute(CommandEnvelope command, ConsumerRecord<String, byte[]> record) {
        int before = states.stagedCount();
        try {
            Decision d = dispatcher.dispatch(command);
            for (RolloutRecord r : d.rollouts()) {
                transaction.rollout(record.partition(), r);
                rollouts.add(r);
            }
            return new Outcome(command.commandId(), d.status(), d.message(), d.revision(),
                    states.stagedCount() - before);
        } catch (Rejection e) {
            return Outcome.rejected(command.commandId(), e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            RuntimeException kafka = causeOf(e, KafkaException.class);
            if (kafka != null) {
                throw kafka; // the transaction's business, not the command's
            }
            RuntimeException notOwned = causeOf(e, PartitionNotOwnedException.class);
            if (notOwned != null) {
                throw notOwned;
            }
            if (states.stagedCount() != before) {
                throw new IllegalStateException("command " + command.commandId() + " failed after "
                        + (states.stagedCount() - before) + " of its events were written", e);
            }
            return internalError(command, record, e);
        }
    }

    /**
     * The policy for a handler that throws something other than a {@link Rejection} (a bug): the
     * command is refused as the API server refuses on a 500 ({@value #INTERNAL_ERROR}, "Internal
     * error occurred: ..."), nothing of it is applied, its record goes to the dead-letter topic with
     * the exception, and it is counted. A repeat of its id gets the same answer.
     */
    private Outcome internalError(CommandEnvelope command, ConsumerRecord<String, byte[]> record, RuntimeException e) {
        String message = "Internal error occurred: " + KafkaFailures.describe(e);
        LOG.error("engine {}: command {} ({} {}) failed; refused as {} and dead-lettered", instanceId,
                command.commandId(), command.type(), command.target().key(), INTERNAL_ERROR, e);
        transaction.deadLetter(record, message, INTERNAL_ERROR.name(), e);
        dispatcher.evict(Set.of(command.target().aggregateId())); // whatever Axon kept of it is suspect
        listener.handlerFailed(command, e);
        return Outcome.rejected(command.commandId(), INTERNAL_ERROR, message);
    }

    private static <T extends RuntimeException> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Whether this session got as far as running (joined, restored, polling): progress. */
    boolean ran() {
        return ran;
    }

    /** Interrupts a poll from another thread (close). */
    void wakeup() {
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /**
     * Closes the clients. {@code leave}: the member leaves the group, so its partitions move at once
     * (a planned stop, or a loop that is dead); otherwise it stays, and the next session of this
     * instance takes its partitions back without a rebalance (static membership).
     */
    void close(boolean leave) {
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (producer != null) {
            closeQuietly("producer", () -> producer.close(CLOSE_TIMEOUT));
        }
        if (outcomeLog != null) {
            closeQuietly("outcome reader", outcomeLog::close);
        }
        if (consumer != null) {
            CloseOptions options = CloseOptions.groupMembershipOperation(leave
                    ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                    : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP).withTimeout(CLOSE_TIMEOUT);
            closeQuietly("consumer", () -> consumer.close(options));
        }
        if (consumer != null || producer != null) {
            listener.clientsClosed(consumer, producer);
        }
    }

    private void closeQuietly(String what, Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            LOG.warn("engine {}: closing the {}: {}", instanceId, what, KafkaFailures.describe(e));
        }
    }

    /** Restores the aggregates and processed ids of assigned partitions; forgets revoked ones. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            Set<Integer> ps = partitions(assigned);
            forget(ps); // whatever was kept of them is stale now
            if (ps.isEmpty()) {
                return;
            }
            health.set(LoopHealth.Phase.STARTING, "restoring partitions " + new TreeSet<>(ps));
            try {
                clients.restore(ps, states, processed);
            } catch (RuntimeException e) {
                restoreFailed = true;
                throw e;
            }
            owned.addAll(ps);
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
            owned.removeAll(ps);
            dispatcher.evict(states.drop(ps));
            processed.forget(ps);
        }

        private Set<Integer> partitions(Collection<TopicPartition> tps) {
            Set<Integer> ps = new HashSet<>();
            tps.forEach(tp -> ps.add(tp.partition()));
            return ps;
        }
    }
}
