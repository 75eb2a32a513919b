package io.rollbook.infra.kafka;

import io.rollbook.api.command.Outcome;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command ids each owned partition has answered, with their first outcome: a repeated
 * {@code commandId} gets that outcome again and is not applied twice. Outcomes of the open
 * transaction are staged and become processed only when Kafka commits it; an abort forgets them, so
 * the batch runs again as if it never had. Rebuilt from {@code rollbook.outcomes} when a partition is
 * assigned ({@link PartitionRestore}). Used by the command loop's thread only.
 */
final class ProcessedCommands {

    private final Map<Integer, Map<String, Outcome>> committed = new HashMap<>();
    private final Map<Integer, Map<String, Outcome>> staged = new HashMap<>();

    /** The first outcome of {@code commandId} on {@code partition}, in the open transaction or before it; null if none. */
    Outcome firstOutcome(int partition, String commandId) {
        Outcome inBatch = outcome(staged, partition, commandId);
        return inBatch != null ? inBatch : outcome(committed, partition, commandId);
    }

    private static Outcome outcome(Map<Integer, Map<String, Outcome>> byPartition, int partition, String commandId) {
        Map<String, Outcome> outcomes = byPartition.get(partition);
        return outcomes == null ? null : outcomes.get(commandId);
    }

    /** The outcome of a command run in the open transaction. */
    void stage(int partition, Outcome outcome) {
        staged.computeIfAbsent(partition, k -> new HashMap<>()).put(outcome.commandId(), outcome);
    }

    /** Kafka committed the transaction: its outcomes are the first ones now. */
    void commit() {
        staged.forEach((p, outcomes) -> committed.computeIfAbsent(p, k -> new HashMap<>()).putAll(outcomes));
        staged.clear();
    }

    /** Kafka aborted the transaction: its commands will run again. */
    void abort() {
        staged.clear();
    }

    /** An outcome read back from the log while a partition is restored; an earlier one for the same id wins. */
    void restored(int partition, Outcome outcome) {
        committed.computeIfAbsent(partition, k -> new HashMap<>()).putIfAbsent(outcome.commandId(), outcome);
    }

    /** How many command ids {@code partition} has answered. */
    int count(int partition) {
        Map<String, Outcome> outcomes = committed.get(partition);
        return outcomes == null ? 0 : outcomes.size();
    }

    /** Forgets partitions no longer owned (revoked, lost, or about to be restored again). */
    void forget(Set<Integer> partitions) {
        partitions.forEach(committed::remove);
        partitions.forEach(staged::remove);
    }
}
