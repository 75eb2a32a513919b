package io.rollbook.infra.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * What a command loop's session is made of: its group member, its transactional producer and the
 * restore of newly assigned partitions. Kafka's own clients in production ({@link #of}); the loop's
 * tests give it {@code MockConsumer} and {@code MockProducer}, where the point is the loop's logic.
 */
interface LoopClients {

    /** A member of the engine's group, with static membership under {@code member}; not yet subscribed. */
    Consumer<String, byte[]> consumer(String member);

    /** A transactional producer under {@code transactionalId}; not yet initialised. */
    Producer<String, byte[]> producer(String transactionalId);

    /** Rebuilds what is kept of {@code partitions} (none of which is kept yet) from Kafka. */
    void restore(Set<Integer> partitions, AggregateStates states, ProcessedCommands processed);

    /** The clock of the loop's own times: when an outcome was answered (the dedupe window counts from it). */
    default Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * How long a processed command id is remembered ({@link ProcessedCommands}): as long as
     * {@code rollbook.outcomes} keeps the outcomes.
     */
    default Duration dedupeWindow() {
        return Topics.OUTCOMES_RETENTION;
    }

    /** When the loop writes the snapshots of its partitions ({@link SnapshotWriter}). */
    default SnapshotPolicy snapshotPolicy() {
        return SnapshotPolicy.DEFAULT;
    }

    /** The answers a partition's dedupe keeps at most ({@link ProcessedCommands}). */
    default int dedupeCap() {
        return ProcessedCommands.DEFAULT_CAP;
    }

    /** {@code rollbook.outcomes} read by offset, for a repeated command id ({@link ProcessedCommands}). */
    OutcomeLog outcomeLog(String clientId);

    /** What tells a sealed command from a claim ({@link ActorSeal}); the loop's tests have none. */
    default ActorSeal seal() {
        return ActorSeal.NONE;
    }

    /** Axon over {@code storage}: Rollbook's aggregates (the loop's tests make a handler fail here). */
    default AxonDispatcher dispatcher(KafkaEventStorageEngine storage) {
        return new AxonDispatcher(storage);
    }

    /** Kafka's clients, made by {@code kafka}; partitions restored by {@link PartitionRestore}, snapshots written as {@code snapshots} says. */
    static LoopClients of(KafkaSettings kafka, Topics topics, String instanceId, EngineListener listener,
                          SnapshotPolicy snapshots) {
        PartitionRestore restore = new PartitionRestore(kafka, topics, "rollbook-restore-" + instanceId, listener,
                Clock.systemUTC());
        return new LoopClients() {
            /** Read once per loop: a new session (after a fencing or a rebalance) starts without an Admin round trip. */
            private Duration window;

            @Override
            public synchronized Duration dedupeWindow() {
                if (window == null) {
                    window = topics.outcomesRetention(kafka, "rollbook-restore-" + instanceId);
                }
                return window;
            }

            @Override
            public Consumer<String, byte[]> consumer(String member) {
                return kafka.consumer(ClientRole.ENGINE_CONSUMER, member,
                        Map.of("group.id", CommandLoop.GROUP, "group.instance.id", member));
            }

            @Override
            public Producer<String, byte[]> producer(String transactionalId) {
                return kafka.transactionalProducer(transactionalId);
            }

            @Override
            public OutcomeLog outcomeLog(String clientId) {
                return OutcomeLog.of(kafka, topics.outcomes(), clientId);
            }

            @Override
            public ActorSeal seal() {
                return kafka.seal();
            }

            @Override
            public SnapshotPolicy snapshotPolicy() {
                return snapshots;
            }

            @Override
            public void restore(Set<Integer> partitions, AggregateStates states, ProcessedCommands processed) {
                restore.restore(partitions, states, processed);
            }
        };
    }
}
