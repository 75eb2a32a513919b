package io.rollbook.infra.kafka;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.rollout.RolloutRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

import java.time.Instant;
import java.util.List;

/** What the command loop reports as it goes: for metrics and logs. Every method has a no-op default. */
public interface EngineListener {
    EngineListener NONE = new EngineListener() {
    };

    default void processed(CommandEnvelope command, Outcome outcome, Instant finishedAt) {
    }

    default void deadLettered(String reason) {
    }

    default void restored(int partition, long events, long outcomes) {
    }

    /** {@code partition}'s aggregates were restored from its snapshot of events offset {@code offset} (and the tail after it). */
    default void restoredFromSnapshot(int partition, long offset) {
    }

    /** Snapshots of {@code partitions} were committed, with {@code aggregates} aggregate records written again. */
    default void snapshotsWritten(List<Integer> partitions, int aggregates) {
    }

    /**
     * Partition {@code partition}'s dedupe reached its cap and dropped the oldest {@code ids} answers
     * before their window ended: a repeat of those ids would run again.
     */
    default void dedupeDropped(int partition, long ids) {
    }

    default void transactionAborted(Exception cause) {
    }

    /** A batch's transaction committed: {@code commands} read, {@code records} written (events, outcomes, dead letters). */
    default void transactionCommitted(int commands, int records) {
    }

    /** The rollout transitions a committed transaction wrote to {@code rollbook.rollouts}, in order. */
    default void rolloutsCommitted(List<RolloutRecord> rollouts) {
    }

    /** The loop opened its Kafka clients (for client metrics; read-only use, never poll or send). */
    default void clientsCreated(Consumer<?, ?> consumer, Producer<?, ?> producer) {
    }

    /** The loop closed the clients it opened (at the end of a session: a stop, or before it rejoins). */
    default void clientsClosed(Consumer<?, ?> consumer, Producer<?, ?> producer) {
    }

    /** A command read on partition {@code from} was forwarded to {@code to}, the partition of its target. */
    default void forwarded(int from, int to) {
    }

    /** A command's handler threw something other than a rejection: refused as InternalError and dead-lettered. */
    default void handlerFailed(CommandEnvelope command, RuntimeException failure) {
    }

    /**
     * The loop recovers from {@code cause}: {@code action} is {@code RETRY} (the batch runs again after a
     * backoff) or {@code REJOIN} (a new session: new clients, partitions restored again).
     */
    default void recovering(String action, Exception cause) {
    }

    /** The loop stopped for good on {@code cause}; nothing more comes from it. */
    default void died(Throwable cause) {
    }
}
