package io.rollbook.infra.kafka;

import java.util.Map;

/**
 * The kinds of Kafka client Rollbook makes, each with its named settings. {@link KafkaSettings}
 * is the one factory that makes them; a client's properties are, from weakest to strongest: the
 * role's {@link #defaults} (tuning a user may change), the user's client configuration
 * ({@code --kafka-config}), the use's own settings (its ids, chosen in code), and the role's
 * {@link #essentials}, on which correctness rests and which nothing overrides.
 */
public enum ClientRole {

    /**
     * The engine's command loop: a member of the engine's group reading committed commands, offsets
     * committed only inside its transactions. Static membership (KIP-345, {@code group.instance.id}
     * given by the loop) lets a restarted instance take its partitions back at once; the session
     * timeout bounds how long a crashed instance's partitions wait.
     */
    ENGINE_CONSUMER(
            Map.of("max.poll.records", "500", "session.timeout.ms", "15000", "auto.offset.reset", "earliest"),
            Map.of("isolation.level", "read_committed", "enable.auto.commit", "false")),

    /**
     * The engine's transactional producer (its {@code transactional.id} given by the loop).
     * {@code retry.backoff.ms}: a transaction begun right after the previous commit meets
     * CONCURRENT_TRANSACTIONS until the coordinator has written the previous markers, a few
     * milliseconds; with the default 100 ms backoff, {@code sendOffsetsToTransaction} took 105 ms at
     * the median here. The backoff still grows exponentially (to {@code retry.backoff.max.ms}, 1 s)
     * when a broker stays away.
     *
     * <p>{@code transaction.timeout.ms} is chosen for take-over time. An instance killed with a
     * transaction open leaves it open, and every read_committed reader of the partitions it wrote
     * (the next owner's restore, outcomes, projections, the kubelet) stops at that transaction until
     * the coordinator aborts it, {@code transaction.timeout.ms} after it began (the broker looks
     * every {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}, 10 s by default).
     * Kafka's 60 s made a killed instance's partitions silent for 65 s on a three-broker cluster; 10 s
     * brought it to 16 s, about the group's session timeout (15 s), which is the other half of a
     * take-over. A batch's transaction lasts milliseconds, seconds when a broker fails over; one that
     * outlives 10 s is aborted by the coordinator, the loop is fenced (InvalidProducerEpoch) and
     * rejoins, and the batch runs again: slower, never wrong.
     */
    ENGINE_PRODUCER(
            Map.of("linger.ms", "5", "batch.size", String.valueOf(64 * 1024), "compression.type", "lz4",
                    "retry.backoff.ms", "2", "transaction.timeout.ms", "10000"),
            Map.of("enable.idempotence", "true", "acks", "all")),

    /** What sends commands: the CLI, the HTTP APIs, the kubelet stand-in, the load generators (all {@code acks=all}). */
    COMMAND_PRODUCER(
            Map.of("linger.ms", "0"),
            Map.of("enable.idempotence", "true", "acks", "all")),

    /**
     * What reads committed records by assignment, without a group: partition restore, the
     * projections, the kubelet stand-in, outcome watchers and log checks. Large fetches: it mostly
     * reads long stretches of a log.
     */
    COMMITTED_READER(
            Map.of("max.poll.records", "5000", "fetch.max.bytes", String.valueOf(64 * 1024 * 1024),
                    "max.partition.fetch.bytes", String.valueOf(16 * 1024 * 1024), "auto.offset.reset", "earliest"),
            Map.of("isolation.level", "read_committed", "enable.auto.commit", "false")),

    /** Reads every record, committed or not: only the crash test's view of the command topic, which is not transactional. */
    UNCOMMITTED_READER(
            Map.of("max.poll.records", "5000", "auto.offset.reset", "earliest"),
            Map.of("isolation.level", "read_uncommitted", "enable.auto.commit", "false")),

    /**
     * A group member that reads nothing (its partitions paused), only there to be elected: the
     * kubelet stand-in's election. A short session: a crashed instance's kubelet is replaced soon.
     */
    ELECTION_MEMBER(
            Map.of("session.timeout.ms", "10000", "heartbeat.interval.ms", "2000"),
            Map.of("enable.auto.commit", "false")),

    /** Admin clients: topics, offsets, lag. */
    ADMIN(Map.of(), Map.of());

    private final Map<String, String> defaults;
    private final Map<String, String> essentials;

    ClientRole(Map<String, String> defaults, Map<String, String> essentials) {
        this.defaults = defaults;
        this.essentials = essentials;
    }

    /** Settings a user's client configuration may change. */
    public Map<String, String> defaults() {
        return defaults;
    }

    /** Settings that always hold, whatever the configuration says. */
    public Map<String, String> essentials() {
        return essentials;
    }
}
