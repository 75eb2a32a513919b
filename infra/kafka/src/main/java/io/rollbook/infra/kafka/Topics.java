package io.rollbook.infra.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rollbook's topic names under a prefix ({@code rollbook.commands}, ...) and their creation.
 *
 * <p>The names, retentions and the equal partition count of commands and events are public
 * contract (docs/contract.md, "Topics"): a key lands on the same partition index in both.
 *
 * @param prefix the part before the dot, e.g. {@code rollbook}
 */
public record Topics(String prefix) {

    public static final String DEFAULT_PREFIX = "rollbook";
    public static final int DEFAULT_PARTITIONS = 6;
    /** The snapshots topic's {@code segment.ms}: 10 minutes. */
    static final long SNAPSHOT_SEGMENT_MS = 10 * 60 * 1000L;

    private static final Logger log = LoggerFactory.getLogger(Topics.class);
    // Kafka's legal topic characters; the longest suffix is ".deadletter" and a name may have 249.
    private static final Pattern LEGAL_PREFIX = Pattern.compile("[a-zA-Z0-9._-]{1,200}");
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@code rollbook.outcomes} keeps an outcome as Rollbook creates it: the dedupe window's default. */
    public static final Duration OUTCOMES_RETENTION = Duration.ofDays(7);
    /** The dedupe window of an outcomes topic kept forever ({@code retention.ms=-1}): a century. */
    static final Duration FOREVER = Duration.ofDays(36_500);
    private static final long SEVEN_DAYS_MS = OUTCOMES_RETENTION.toMillis();
    private static final long THIRTY_DAYS_MS = Duration.ofDays(30).toMillis();

    public Topics {
        if (prefix == null || !LEGAL_PREFIX.matcher(prefix).matches()) {
            String shown = prefix == null ? "null" : "'" + prefix + "'";
            throw new IllegalArgumentException("topic prefix must be 1-200 of [a-zA-Z0-9._-], was " + shown);
        }
    }

    /** The topics named {@code <prefix>.commands}, {@code <prefix>.events}, ... */
    public static Topics withPrefix(String prefix) {
        return new Topics(prefix);
    }

    /** The topics named {@code rollbook.commands}, {@code rollbook.events}, ... */
    public static Topics defaults() {
        return new Topics(DEFAULT_PREFIX);
    }

    /** Commands to the engine, keyed by target {@code namespace/name}; kept 7 days. */
    public String commands() {
        return prefix + ".commands";
    }

    /** The event log, the source of truth; kept forever. */
    public String events() {
        return prefix + ".events";
    }

    /** One outcome per command, keyed by {@code commandId}; kept 7 days. */
    public String outcomes() {
        return prefix + ".outcomes";
    }

    /**
     * One record per rollout transition (started, paused, resumed, completed, failed, rolled-back,
     * superseded), keyed by the Deployment's {@code namespace/name}, written in the engine's
     * transaction; kept 30 days. See {@link io.rollbook.api.rollout.RolloutRecord}.
     */
    public String rollouts() {
        return prefix + ".rollouts";
    }

    /** Commands that could not be read, with the reason in headers; kept 30 days. */
    public String deadletter() {
        return prefix + ".deadletter";
    }

    /**
     * The engine's snapshots of its aggregates (the latest record per key: one per aggregate and a
     * marker per events partition), compacted; the engine's own, not in the public contract.
     */
    public String snapshots() {
        return prefix + ".snapshots";
    }

    /** Every topic name, commands first. */
    public List<String> all() {
        return List.of(commands(), events(), outcomes(), deadletter(), snapshots(), rollouts());
    }

    /** {@link #ensure(Admin, int)} with {@link #DEFAULT_PARTITIONS}. */
    public void ensure(Admin admin) {
        ensure(admin, DEFAULT_PARTITIONS);
    }

    /** {@link #ensure(Admin, int, Replication)} chosen for the cluster; its warnings are logged. */
    public void ensure(Admin admin, int partitions) {
        ensure(admin, partitions, Replication.FOR_CLUSTER).forEach(log::warn);
    }

    /**
     * Creates the topics that do not exist yet; existing ones are left as they are. Replication
     * is {@code wanted}, resolved for the cluster (by default: factor 3 and
     * {@code min.insync.replicas=2} for commands, events, outcomes and dead letters on three brokers
     * or more). Safe to run concurrently from several processes.
     *
     * @return one warning per existing topic replicated more weakly than wanted (none when all is well)
     * @throws IllegalStateException if a topic cannot be created, or if existing commands and
     *     events topics differ in partition count (keys would no longer line up)
     * @throws IllegalArgumentException if the cluster is too small for the replication asked for
     */
    public List<String> ensure(Admin admin, int partitions, Replication wanted) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        Set<String> existing = await(admin.listTopics().names(), "list topics");
        int brokers = await(admin.describeCluster().nodes(), "describe cluster").size();
        Replication replication = wanted.resolve(brokers);
        List<NewTopic> missing = new ArrayList<>();
        for (NewTopic topic : newTopics(partitions, replication)) {
            if (!existing.contains(topic.name())) {
                missing.add(topic);
            }
        }
        if (!missing.isEmpty()) {
            admin.createTopics(missing).values().forEach(this::awaitCreated);
            awaitServed(admin, missing);
        }
        Map<String, TopicDescription> described = describeWhenVisible(admin);
        checkCommandsAndEventsAlign(described);
        return weaklyReplicated(admin, described, replication, brokers);
    }

    /** The topics on which a broker's loss must not lose an acknowledged record. */
    private List<String> durable() {
        return List.of(commands(), events(), outcomes(), deadletter(), rollouts());
    }

    /**
     * Existing topics replicated more weakly than {@code wanted}: fewer copies, or fewer needed for
     * an acknowledgement. Topics are never changed here: moving replicas is the operator's call.
     */
    private List<String> weaklyReplicated(Admin admin, Map<String, TopicDescription> described, Replication wanted,
                                          int brokers) {
        List<ConfigResource> resources = durable().stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all(), "describe topic configs");
        List<String> warnings = new ArrayList<>();
        for (String topic : durable()) {
            int factor = described.get(topic).partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
            ConfigEntry entry = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic))
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            int minInsync = entry == null || entry.value() == null ? 1 : Integer.parseInt(entry.value());
            if (factor < wanted.factor() || minInsync < wanted.minInsyncReplicas()) {
                warnings.add("topic " + topic + " has replication factor " + factor + " and "
                        + TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG + "=" + minInsync + " on a cluster of " + brokers
                        + " broker(s), weaker than the " + wanted.factor() + " and " + wanted.minInsyncReplicas()
                        + " Rollbook would create: a broker's loss can lose acknowledged records or stop writes."
                        + " Raise them with kafka-reassign-partitions.sh and kafka-configs.sh --alter --entity-type"
                        + " topics --entity-name " + topic + " --add-config " + TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG
                        + "=" + wanted.minInsyncReplicas());
            } else if (factor > 1 && minInsync >= factor) {
                warnings.add("topic " + topic + " has " + TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG + "=" + minInsync
                        + " with replication factor " + factor + ": one broker down stops every write to it");
            }
        }
        return warnings;
    }

    /**
     * Waits until every partition of the topics just created answers a list-offsets request from
     * its leader. An idempotent producer that wrote to a partition whose leader was not serving yet
     * got stuck retrying OUT_OF_ORDER_SEQUENCE_NUMBER (seen in the bench and in tests), so nothing
     * of Rollbook writes to a topic before this returns.
     */
    private static void awaitServed(Admin admin, List<NewTopic> created) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (NewTopic topic : created) {
            for (int p = 0; p < topic.numPartitions(); p++) {
                request.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                await(admin.listOffsets(request).all(), "list offsets of the new topics");
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the new topics were not served within " + ADMIN_TIMEOUT, e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private List<NewTopic> newTopics(int partitions, Replication replication) {
        short factor = replication.factor().shortValue();
        Map<String, String> durable = Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                String.valueOf(replication.minInsyncReplicas()));
        return List.of(
                topic(commands(), partitions, factor, retention(SEVEN_DAYS_MS), durable),
                topic(events(), partitions, factor, retention(-1), durable), // forever: the source of truth
                topic(outcomes(), partitions, factor, retention(SEVEN_DAYS_MS), durable),
                topic(deadletter(), partitions, factor, retention(THIRTY_DAYS_MS), durable),
                topic(rollouts(), partitions, factor, retention(THIRTY_DAYS_MS), durable),
                // Compaction cleans closed segments only: ten-minute segments keep what a restore reads of
                // this topic near one record per aggregate, not a week of snapshot writes (the default segment.ms).
                topic(snapshots(), partitions, factor,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                        Map.of(TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(SNAPSHOT_SEGMENT_MS))));
    }

    private static Map<String, String> retention(long millis) {
        return Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(millis));
    }

    private static NewTopic topic(String name, int partitions, short replication, Map<String, String> configs,
                                  Map<String, String> more) {
        Map<String, String> all = new HashMap<>(configs);
        all.putAll(more);
        return new NewTopic(name, partitions, replication).configs(all);
    }

    private void awaitCreated(String name, KafkaFuture<Void> future) {
        try {
            future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created topic {}", name);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
            // Another process created it between our list and create: that is the goal.
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topic " + name + " timed out after " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    private void checkCommandsAndEventsAlign(Map<String, TopicDescription> described) {
        int commandPartitions = described.get(commands()).partitions().size();
        int eventPartitions = described.get(events()).partitions().size();
        if (commandPartitions != eventPartitions) {
            throw new IllegalStateException(commands() + " has " + commandPartitions + " partitions but "
                    + events() + " has " + eventPartitions + ": they must be equal so a key lands on the"
                    + " same partition index in both");
        }
    }

    /**
     * Describes commands and events, waiting while a topic created a moment ago is not yet in the
     * metadata of the broker that answers (UnknownTopicOrPartition is retriable).
     */
    private Map<String, TopicDescription> describeWhenVisible(Admin admin) {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                return await(admin.describeTopics(durable()).allTopicNames(), "describe topics");
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * How long the cluster keeps an outcome: the outcomes topic's {@code retention.ms} ({@link #FOREVER}
     * for -1), or {@link #OUTCOMES_RETENTION} when it cannot be read (a warning says so).
     */
    public Duration outcomesRetention(KafkaSettings kafka, String clientId) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, outcomes());
        try (Admin admin = kafka.admin(clientId + "-config")) {
            Config config = await(admin.describeConfigs(List.of(resource)).all(), "describe " + outcomes())
                    .get(resource);
            ConfigEntry entry = config == null ? null : config.get(TopicConfig.RETENTION_MS_CONFIG);
            if (entry == null || entry.value() == null) {
                return OUTCOMES_RETENTION;
            }
            long ms = Long.parseLong(entry.value());
            return ms < 0 ? FOREVER : ms == 0 ? OUTCOMES_RETENTION : Duration.ofMillis(ms);
        } catch (RuntimeException e) {
            log.warn("cannot read {} of {} ({}); remembering command ids for {}", TopicConfig.RETENTION_MS_CONFIG,
                    outcomes(), e.getMessage(), OUTCOMES_RETENTION);
            return OUTCOMES_RETENTION;
        }
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " timed out after " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + what, e);
        }
    }
}
