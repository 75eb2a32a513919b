package io.rollbook.infra.kafka;

import io.rollbook.api.command.Outcome;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;

/**
 * The command ids each owned partition has answered: a repeated {@code commandId} gets its first
 * outcome again and is not applied twice. Outcomes of the open transaction are staged (whole, as
 * few as a batch has) and become processed only when Kafka commits it; an abort forgets them, so the
 * batch runs again as if it never had. Rebuilt from {@code rollbook.outcomes} when a partition is
 * assigned ({@link PartitionRestore}). Used by the command loop's thread only.
 *
 * <p>What is kept of a committed answer is compact ({@link AnsweredIds}): the id's 64-bit hash, the
 * offset of its outcome record and its time. A hit reads the outcome back from the log at that
 * offset ({@link OutcomeLog}) and compares its id, so a hash shared by two ids can only cost a read,
 * never answer one command with another's outcome. Every repeat is answered with a copy of the first
 * outcome, so any record of the id carries it; the oldest that the log still holds is taken.
 *
 * <p>Kept as long as Kafka keeps the outcomes, and no longer: an id is remembered for {@code window}
 * (the outcomes topic's {@code retention.ms}, 7 days by default) after it was last answered, and a
 * partition keeps at most {@code cap} answers; past the cap the oldest go first, counted by
 * {@link EngineListener#dedupeDropped}. A restore reads the outcomes of the last {@code window} only,
 * and ends with what a running loop would have kept.
 */
final class ProcessedCommands {

    /**
     * The answers one partition keeps at most, whatever the window: 7 days at 1.6 commands/s on
     * every partition (10/s on 6 partitions), in at most 28.4 MB.
     */
    static final int DEFAULT_CAP = 1_000_000;
    private static final Duration ACK_PATIENCE = Duration.ofSeconds(30);

    /** An outcome published in the open transaction, and the send that tells its offset once Kafka committed it. */
    private record Staged(Outcome outcome, Instant at, Future<RecordMetadata> written) {
    }

    private final Duration window;
    private final int cap;
    private final OutcomeLog log;
    private final EngineListener listener;
    private final ToLongFunction<String> hash;
    private final Map<Integer, AnsweredIds> committed = new HashMap<>();
    /** Per partition, in the order sent. */
    private final Map<Integer, List<Staged>> staged = new HashMap<>();
    /** Per partition, the first outcome of each id staged in the open transaction. */
    private final Map<Integer, Map<String, Outcome>> stagedFirst = new HashMap<>();

    ProcessedCommands(Duration window, int cap, OutcomeLog log, EngineListener listener) {
        this(window, cap, log, listener, AnsweredIds::hash);
    }

    /** With {@code hash} for the ids: the tests give one that collides. */
    ProcessedCommands(Duration window, int cap, OutcomeLog log, EngineListener listener, ToLongFunction<String> hash) {
        if (window.isNegative() || window.isZero() || cap < 1) {
            throw new IllegalArgumentException("dedupe window and cap must be positive, were " + window + ", " + cap);
        }
        this.window = window;
        this.cap = cap;
        this.log = log;
        this.listener = listener;
        this.hash = hash;
    }

    /** How long an id is remembered after it was last answered. */
    Duration window() {
        return window;
    }

    /** The first outcome of {@code commandId} on {@code partition}, in the open transaction or before it; null if none. */
    Outcome firstOutcome(int partition, String commandId) {
        Map<String, Outcome> inBatch = stagedFirst.get(partition);
        Outcome first = inBatch == null ? null : inBatch.get(commandId);
        if (first != null) {
            return first;
        }
        AnsweredIds ids = committed.get(partition);
        if (ids == null) {
            return null;
        }
        for (long offset : ids.offsetsOf(hash.applyAsLong(commandId))) {
            Outcome o = log.read(partition, offset);
            if (o != null && o.commandId().equals(commandId)) {
                return o;
            }
        }
        return null;
    }

    /**
     * An outcome published at {@code at} in the open transaction, a command run or a repeat answered
     * again; {@code written} is its send, whose offset is known once Kafka committed the transaction.
     */
    void stage(int partition, Outcome outcome, Instant at, Future<RecordMetadata> written) {
        staged.computeIfAbsent(partition, k -> new ArrayList<>()).add(new Staged(outcome, at, written));
        stagedFirst.computeIfAbsent(partition, k -> new HashMap<>()).putIfAbsent(outcome.commandId(), outcome);
    }

    /** Kafka committed the transaction at about {@code now}: its outcomes are processed now; expired ids go. */
    void commit(Instant now) {
        staged.forEach((p, outcomes) -> {
            for (Staged s : outcomes) {
                remember(p, s.outcome().commandId(), offsetOf(s.written()), s.at());
            }
        });
        staged.clear();
        stagedFirst.clear();
        long oldest = now.minus(window).toEpochMilli();
        committed.values().forEach(ids -> ids.expireBefore(oldest));
    }

    /** The offset of a send of a committed transaction: the commit flushed it, so it is acknowledged already. */
    private static long offsetOf(Future<RecordMetadata> written) {
        try {
            return written.get(ACK_PATIENCE.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (TimeoutException e) {
            throw new IllegalStateException("an outcome of a committed transaction is not acknowledged after "
                    + ACK_PATIENCE, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an outcome of a committed transaction failed: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Kafka aborted the transaction: its commands will run again. */
    void abort() {
        staged.clear();
        stagedFirst.clear();
    }

    /** An outcome record of {@code commandId} read back at {@code offset}, written at {@code at}, in a restore. */
    void restored(int partition, String commandId, long offset, Instant at) {
        remember(partition, commandId, offset, at);
    }

    private void remember(int partition, String id, long offset, Instant at) {
        AnsweredIds ids = committed.computeIfAbsent(partition, k -> new AnsweredIds(cap));
        long before = ids.dropped();
        ids.add(hash.applyAsLong(id), offset, at.toEpochMilli());
        if (ids.dropped() != before) {
            listener.dedupeDropped(partition, ids.dropped() - before);
        }
    }

    /** How many answers {@code partition} remembers (a repeat answered again is one more). */
    int count(int partition) {
        AnsweredIds ids = committed.get(partition);
        return ids == null ? 0 : ids.size();
    }

    /** The bytes the answers of every partition take now. */
    long bytes() {
        return committed.values().stream().mapToLong(AnsweredIds::bytes).sum();
    }

    /** Forgets partitions no longer owned (revoked, lost, or about to be restored again). */
    void forget(Set<Integer> partitions) {
        partitions.forEach(committed::remove);
        partitions.forEach(staged::remove);
        partitions.forEach(stagedFirst::remove);
    }
}
