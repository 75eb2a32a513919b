package io.rollbook.projections;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.Namespace;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.networking.NetworkAttachmentDefinition;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.audit.AuditEntry;
import io.rollbook.projections.audit.AuditQuery;
import io.rollbook.projections.audit.AuditTrail;
import io.rollbook.projections.history.RevisionRecord;
import io.rollbook.projections.objects.ConfigObjects;
import io.rollbook.projections.objects.PodView;
import io.rollbook.projections.objects.Workload;
import io.rollbook.projections.replay.ReplayPoint;
import io.rollbook.projections.replay.ReplayResult;
import io.rollbook.projections.replay.Replayer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every read model of the log, folded from {@code rollbook.events} in arrival order, all aggregates
 * together: current objects (workloads, and the stored Namespaces, NetworkPolicies and
 * NetworkAttachmentDefinitions), their revision ledgers and the few events the read verbs print.
 * Its memory follows the live objects: an aggregate whose objects are all deleted leaves it, and the
 * audit trail and replay are folded from the {@link EventHistory} when asked, never held.
 *
 * <p>One writer ({@link #apply}) and any number of readers: a read-write lock guards the models and
 * every query returns immutable values, so HTTP threads never see a half-applied event. An envelope
 * at or below the last applied offset of its partition is ignored, so a consumer that re-reads
 * after a rebalance does not fold anything twice. Pure: no clock, no I/O.
 */
public final class ProjectionStore {

    private static final Comparator<KubeObject> BY_NAMESPACE_AND_NAME = Comparator
            .comparing((KubeObject o) -> o.metadata().namespace(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(o -> o.metadata().name(), Comparator.nullsFirst(Comparator.naturalOrder()));

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, AggregateProjection> aggregates = new HashMap<>();
    private final ConfigObjects config = new ConfigObjects();
    private final Map<Integer, Long> offsets = new HashMap<>();
    private final EventHistory history;
    /** The events applied, kept only by a store without a log to read back. */
    private final ListedHistory applied;
    private long position;

    /** A store whose audit and replay read {@code history} (the log this store is fed from). */
    public ProjectionStore(EventHistory history) {
        this.history = Objects.requireNonNull(history, "history");
        this.applied = null;
    }

    /**
     * A store fed by a caller with no log to read back (tests, a command folding a file): it keeps
     * every event it applies, for audit and replay, so its memory grows with them.
     */
    public ProjectionStore() {
        this.applied = new ListedHistory();
        this.history = applied;
    }

    /**
     * Folds one envelope read from {@code partition} at {@code offset} (a negative offset is never
     * deduplicated, for callers without a Kafka position).
     */
    public void apply(EventEnvelope e, int partition, long offset) {
        lock.writeLock().lock();
        try {
            if (offset >= 0) {
                Long last = offsets.get(partition);
                if (last != null && offset <= last) {
                    return;
                }
                offsets.put(partition, offset);
            }
            AggregateProjection aggregate = aggregates.computeIfAbsent(e.aggregate(), AggregateProjection::new);
            aggregate.apply(e);
            config.apply(aggregate.object(), e.data());
            if (aggregate.empty()) {
                aggregates.remove(e.aggregate());
            }
            if (applied != null) {
                applied.append(e);
            }
            position++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The whole read model as a {@link ProjectionCheckpoint} (a consistent cut: taken under the lock,
     * with the last offset applied per partition), for a restart to fold only the tail after it.
     */
    public byte[] checkpoint() {
        ProjectionCheckpoint.Contents contents = read(() -> {
            List<AggregateProjection.Snapshot> all = new ArrayList<>();
            new java.util.TreeMap<>(aggregates).values().forEach(a -> all.add(a.snapshotAll()));
            return new ProjectionCheckpoint.Contents(Map.copyOf(offsets), position, all, config.stored());
        });
        return ProjectionCheckpoint.encode(contents);
    }

    /**
     * Replaces this store's models with a checkpoint's; applying then goes on after its offsets.
     *
     * @return the last offset the checkpoint covers per partition
     * @throws IllegalArgumentException when {@code checkpoint} is not a readable checkpoint of this
     *                                  version (the store is then unchanged)
     */
    public Map<Integer, Long> load(byte[] checkpoint) {
        return load(checkpoint, covered -> null);
    }

    /**
     * {@link #load(byte[])}, once {@code refusal} has accepted the offsets the checkpoint covers
     * (returned null; else the reason it is refused, thrown as an {@link IllegalArgumentException}
     * with the store unchanged): a checkpoint behind the log's start offsets covers events the log no
     * longer holds.
     */
    public Map<Integer, Long> load(byte[] checkpoint, Function<Map<Integer, Long>, String> refusal) {
        ProjectionCheckpoint.Contents c = ProjectionCheckpoint.decode(checkpoint);
        String refused = refusal.apply(Map.copyOf(c.offsets()));
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        lock.writeLock().lock();
        try {
            aggregates.clear();
            for (AggregateProjection.Snapshot s : c.aggregates()) {
                AggregateProjection a = AggregateProjection.restore(s);
                aggregates.put(s.state().aggregate(), a);
            }
            config.clear();
            c.config().forEach(config::restore);
            offsets.clear();
            offsets.putAll(c.offsets());
            position = c.position();
            return Map.copyOf(c.offsets());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** How many envelopes have been applied (duplicates skipped by offset are not counted). */
    public long position() {
        return read(() -> position);
    }

    /** The last offset applied from {@code partition}, or -1 when none. */
    public long offset(int partition) {
        return read(() -> offsets.getOrDefault(partition, -1L));
    }

    /** How many aggregates the read model holds: those with a live object. */
    public int aggregates() {
        return read(aggregates::size);
    }

    /** The time of the last event that touched the live object (kind Deployment, ReplicaSet or Pod). */
    public Optional<Instant> lastEventTime(ObjectRef object) {
        return read(() -> {
            for (AggregateProjection a : aggregates.values()) {
                Instant t = object.namespace().equals(a.object().namespace()) ? a.lastEventTime(object) : null;
                if (t != null) {
                    return Optional.of(t);
                }
            }
            return Optional.<Instant>empty();
        });
    }

    /** Deployments with their status, by namespace then name; {@code namespace} null for all. */
    public List<Deployment> deployments(String namespace) {
        return read(() -> sorted(collect(a -> a.state.deployment() == null ? List.of() : List.of(a.state.deployment()),
                namespace)));
    }

    public Optional<Deployment> deployment(String namespace, String name) {
        return read(() -> Optional.ofNullable(find(ObjectRef.deployment(namespace, name)))
                .map(a -> a.state.deployment()));
    }

    /** ReplicaSets of Deployments and bare ones, by namespace then name. */
    public List<ReplicaSet> replicaSets(String namespace) {
        return read(() -> sorted(collect(a -> a.state.replicaSets(), namespace)));
    }

    public Optional<ReplicaSet> replicaSet(String namespace, String name) {
        return replicaSets(namespace).stream().filter(rs -> name.equals(rs.name())).findFirst();
    }

    /** The ReplicaSets of one Deployment, in creation order. */
    public List<ReplicaSet> replicaSetsOf(String namespace, String deployment) {
        return read(() -> {
            AggregateProjection a = find(ObjectRef.deployment(namespace, deployment));
            return a == null ? List.<ReplicaSet>of() : List.copyOf(a.state.replicaSets());
        });
    }

    /** Pods, by namespace then name. */
    public List<PodView> pods(String namespace) {
        return read(() -> {
            List<PodView> pods = new ArrayList<>();
            for (AggregateProjection a : aggregates.values()) {
                if (namespace == null || namespace.equals(a.object().namespace())) {
                    pods.addAll(a.pods());
                }
            }
            pods.sort(Comparator.comparing(PodView::namespace).thenComparing(PodView::name));
            return List.copyOf(pods);
        });
    }

    public Optional<PodView> pod(String namespace, String name) {
        return pods(namespace).stream().filter(p -> name.equals(p.name())).findFirst();
    }

    /** Every stored Namespace, by name (namespaces never applied, like default, are not listed). */
    public List<Namespace> namespaces() {
        return read(config::namespaces);
    }

    /** NetworkPolicies of {@code namespace} (null for all), by namespace then name. */
    public List<NetworkPolicy> networkPolicies(String namespace) {
        return read(() -> config.networkPolicies(namespace));
    }

    /** NetworkAttachmentDefinitions of {@code namespace} (null for all), by namespace then name. */
    public List<NetworkAttachmentDefinition> networkAttachmentDefinitions(String namespace) {
        return read(() -> config.networkAttachmentDefinitions(namespace));
    }

    /** A stored configuration object (Namespace, NetworkPolicy, NetworkAttachmentDefinition), if it exists. */
    public Optional<KubeObject> configObject(ObjectRef object) {
        return read(() -> config.get(object));
    }

    /** A snapshot of one aggregate (a Deployment or a bare ReplicaSet), while it has a live object. */
    public Optional<Workload> workload(ObjectRef object) {
        return read(() -> Optional.ofNullable(find(object)).map(AggregateProjection::snapshot));
    }

    /** The Deployment's revisions the ledger keeps (see {@link io.rollbook.projections.history.RevisionLedger}), ascending, with {@code live} as of now. */
    public List<RevisionRecord> revisions(String namespace, String deployment) {
        return read(() -> {
            AggregateProjection a = find(ObjectRef.deployment(namespace, deployment));
            return a == null ? List.<RevisionRecord>of() : a.ledger.records(a.snapshot());
        });
    }

    /**
     * The events of the live aggregate the read verbs print from, in sequence order: its newest
     * Kubernetes Events, its last progress-deadline decision and the last event of its canary's story
     * (empty when the aggregate has no live object).
     */
    public List<EventEnvelope> retained(ObjectRef object) {
        return read(() -> {
            AggregateProjection a = find(object);
            return a == null ? List.<EventEnvelope>of() : a.retained();
        });
    }

    /** The aggregate's whole log, read back from the history, in sequence order (empty when it has none). */
    public List<EventEnvelope> log(ObjectRef object) {
        List<EventEnvelope> out = new ArrayList<>();
        String id = object.aggregateId();
        history.read(id, e -> {
            if (id.equals(e.aggregate())) {
                out.add(e);
            }
        });
        return List.copyOf(out);
    }

    /** The audit trail, oldest first, filtered by {@code query}: folded from the history when asked. */
    public List<AuditEntry> audit(AuditQuery query) {
        return AuditTrail.read(history, query);
    }

    /**
     * The object as it stood at {@code point}, re-folded from its log as the history has it.
     *
     * @throws io.rollbook.projections.replay.ReplayException when the log has no such point
     */
    public ReplayResult replay(ObjectRef object, ReplayPoint point) {
        return Replayer.replay(object, log(object), point);
    }

    private AggregateProjection find(ObjectRef object) {
        return aggregates.get(object.aggregateId());
    }

    private <T extends KubeObject> List<T> collect(Function<AggregateProjection, List<T>> objects, String namespace) {
        List<T> out = new ArrayList<>();
        for (AggregateProjection a : aggregates.values()) {
            for (T o : objects.apply(a)) {
                if (namespace == null || namespace.equals(o.metadata().namespace())) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    private static <T extends KubeObject> List<T> sorted(List<T> objects) {
        objects.sort(BY_NAMESPACE_AND_NAME);
        return List.copyOf(objects);
    }

    private <T> T read(Supplier<T> query) {
        lock.readLock().lock();
        try {
            return query.get();
        } finally {
            lock.readLock().unlock();
        }
    }
}
