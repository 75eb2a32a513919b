package io.rollbook.infra.kafka;

import io.rollbook.api.command.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command ids each owned partition has answered, with their first outcome: a repeated
 * {@code commandId} gets that outcome again and is not applied twice. Outcomes of the open
 * transaction are staged and become processed only when Kafka commits it; an abort forgets them, so
 * the batch runs again as if it never had. Rebuilt from {@code rollbook.outcomes} when a partition is
 * assigned ({@link PartitionRestore}). Used by the command loop's thread only.
 *
 * <p>Kept as long as Kafka keeps the outcomes, and no longer: an id is remembered for
 * {@code window} (the outcomes topic's {@code retention.ms}, 7 days by default) after it was last
 * answered, and for at most {@code limit} ids per partition (the oldest answered go first), so the
 * memory does not grow with the age of the log. A restore reads the outcomes of the last
 * {@code window} only, and ends with what a running loop would have kept.
 */
final class ProcessedCommands {

    /** The ids one partition keeps at most, whatever the window. */
    static final int DEFAULT_LIMIT = 200_000;

    /** A first outcome and when it was last answered (the time of its latest outcome record). */
    private record Answered(Outcome outcome, Instant at) {
    }

    private final Duration window;
    private final int limit;
    /** Per partition, in the order the ids were last answered: the oldest first, so expiry is from the head. */
    private final Map<Integer, LinkedHashMap<String, Answered>> committed = new HashMap<>();
    private final Map<Integer, Map<String, Answered>> staged = new HashMap<>();

    ProcessedCommands(Duration window, int limit) {
        if (window.isNegative() || window.isZero() || limit < 1) {
            throw new IllegalArgumentException("dedupe window and limit must be positive, were " + window + ", " + limit);
        }
        this.window = window;
        this.limit = limit;
    }

    /** How long an id is remembered after it was last answered. */
    Duration window() {
        return window;
    }

    /** The first outcome of {@code commandId} on {@code partition}, in the open transaction or before it; null if none. */
    Outcome firstOutcome(int partition, String commandId) {
        Map<String, Answered> inBatch = staged.get(partition);
        Answered a = inBatch == null ? null : inBatch.get(commandId);
        if (a == null) {
            Map<String, Answered> outcomes = committed.get(partition);
            a = outcomes == null ? null : outcomes.get(commandId);
        }
        return a == null ? null : a.outcome();
    }

    /** An outcome published at {@code at} in the open transaction: a command run, or a repeat answered again. */
    void stage(int partition, Outcome outcome, Instant at) {
        Map<String, Answered> batch = staged.computeIfAbsent(partition, k -> new LinkedHashMap<>());
        Answered earlier = batch.get(outcome.commandId());
        batch.put(outcome.commandId(), new Answered(earlier == null ? outcome : earlier.outcome(), at));
    }

    /** Kafka committed the transaction at about {@code now}: its outcomes are the first ones now; expired ids go. */
    void commit(Instant now) {
        staged.forEach((p, outcomes) -> outcomes.forEach((id, a) -> remember(p, id, a)));
        staged.clear();
        Instant oldest = now.minus(window);
        committed.values().forEach(outcomes -> expire(outcomes, oldest));
    }

    /** Kafka aborted the transaction: its commands will run again. */
    void abort() {
        staged.clear();
    }

    /**
     * An outcome read back from the log (written at {@code at}) while a partition is restored; an
     * earlier one for the same id stays its first outcome, answered again at {@code at}.
     */
    void restored(int partition, Outcome outcome, Instant at) {
        remember(partition, outcome.commandId(), new Answered(outcome, at));
    }

    private void remember(int partition, String id, Answered a) {
        LinkedHashMap<String, Answered> outcomes = committed.computeIfAbsent(partition, k -> new LinkedHashMap<>());
        Answered first = outcomes.remove(id); // re-inserted at the tail: answered last
        outcomes.put(id, first == null ? a : new Answered(first.outcome(), a.at()));
        if (outcomes.size() > limit) {
            Iterator<String> oldest = outcomes.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private static void expire(LinkedHashMap<String, Answered> outcomes, Instant oldest) {
        for (Iterator<Answered> it = outcomes.values().iterator(); it.hasNext(); ) {
            if (!it.next().at().isBefore(oldest)) {
                return;
            }
            it.remove();
        }
    }

    /** How many command ids {@code partition} remembers. */
    int count(int partition) {
        Map<String, Answered> outcomes = committed.get(partition);
        return outcomes == null ? 0 : outcomes.size();
    }

    /** Forgets partitions no longer owned (revoked, lost, or about to be restored again). */
    void forget(Set<Integer> partitions) {
        partitions.forEach(committed::remove);
        partitions.forEach(staged::remove);
    }
}
