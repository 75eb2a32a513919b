package io.rollbook.projections.objects;

import io.rollbook.api.event.DeploymentAnnotated;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.DeploymentStatusChanged;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.PodCreated;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.PodFailed;
import io.rollbook.api.event.PodReady;
import io.rollbook.api.event.PodStarted;
import io.rollbook.api.event.PodTerminating;
import io.rollbook.api.event.ReplicaSetAnnotated;
import io.rollbook.api.event.ReplicaSetApplied;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.ReplicaSetDeleted;
import io.rollbook.api.event.ReplicaSetScaled;
import io.rollbook.api.event.ReplicaSetStatusChanged;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.value.ObjectRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of one aggregate, evolved one envelope at a time exactly as the engine's own state
 * evolves (the same assignments, written here again so that projections never depend on the
 * engine). Not thread-safe: {@code ProjectionStore} guards it, replays use their own instance.
 */
public final class WorkloadFold {

    private final ObjectRef object;
    private Deployment deployment;
    private final Map<String, ReplicaSet> replicaSets = new LinkedHashMap<>();
    private final Map<String, PodView> pods = new LinkedHashMap<>();
    private long completedRevision;

    public WorkloadFold(String aggregateId) {
        this.object = Subjects.aggregate(aggregateId);
    }

    public ObjectRef object() {
        return object;
    }

    public Deployment deployment() {
        return deployment;
    }

    public ReplicaSet replicaSet(String name) {
        return replicaSets.get(name);
    }

    /** The ReplicaSets, in creation order (a copy). */
    public List<ReplicaSet> replicaSets() {
        return List.copyOf(replicaSets.values());
    }

    /** The pods, in creation order (a copy). */
    public List<PodView> pods() {
        return List.copyOf(pods.values());
    }

    /** An immutable copy of the current state. */
    public Workload snapshot() {
        return new Workload(object, deployment, new ArrayList<>(replicaSets.values()), new ArrayList<>(pods.values()),
                completedRevision);
    }

    /** Evolves the state by one envelope. Events about objects the fold does not know are ignored. */
    public void apply(EventEnvelope envelope) {
        RollbookEvent event = envelope.data();
        if (event instanceof DeploymentApplied e) {
            Deployment applied = withNamespace(e.deployment());
            deployment = applied.withStatus(deployment == null ? null : deployment.status());
        } else if (event instanceof DeploymentDeleted) {
            deployment = null;
            replicaSets.clear();
            pods.clear();
            completedRevision = 0;
        } else if (event instanceof DeploymentAnnotated e && deployment != null) {
            var merged = merge(deployment.metadata().annotations(), e.annotations());
            deployment = deployment.withMetadata(deployment.metadata().withAnnotations(merged));
        } else if (event instanceof DeploymentStatusChanged e && deployment != null) {
            deployment = deployment.withStatus(e.status());
        } else if (event instanceof RolloutCompleted e) {
            completedRevision = e.revision();
        } else {
            applyToReplicaSets(event, envelope.time());
        }
    }

    private void applyToReplicaSets(RollbookEvent event, Instant time) {
        if (event instanceof ReplicaSetCreated e) {
            replicaSets.put(e.replicaSet().name(), withNamespace(e.replicaSet()));
        } else if (event instanceof ReplicaSetApplied e) {
            ReplicaSet old = replicaSets.get(e.replicaSet().name());
            replicaSets.put(e.replicaSet().name(),
                    withNamespace(e.replicaSet()).withStatus(old == null ? null : old.status()));
        } else if (event instanceof ReplicaSetScaled e) {
            replicaSets.computeIfPresent(e.replicaSet(), (k, rs) -> rs
                    .withSpec(rs.spec().withReplicas(e.to()))
                    .withMetadata(rs.metadata().withAnnotations(merge(rs.metadata().annotations(), e.annotations()))
                            .withGeneration(rs.metadata().generationOrZero() + 1)));
        } else if (event instanceof ReplicaSetAnnotated e) {
            replicaSets.computeIfPresent(e.replicaSet(), (k, rs) -> rs
                    .withMetadata(rs.metadata().withAnnotations(merge(rs.metadata().annotations(), e.annotations())))
                    .withSpec(e.minReadySeconds() == null ? rs.spec()
                            : rs.spec().withMinReadySeconds(e.minReadySeconds())));
        } else if (event instanceof ReplicaSetStatusChanged e) {
            replicaSets.computeIfPresent(e.replicaSet(), (k, rs) -> rs.withStatus(e.status()));
        } else if (event instanceof ReplicaSetDeleted e) {
            replicaSets.remove(e.replicaSet());
        } else {
            applyToPods(event, time);
        }
    }

    private void applyToPods(RollbookEvent event, Instant time) {
        if (event instanceof PodCreated e) {
            pods.put(e.pod(), PodView.created(e.pod(), object.namespace(), replicaSets.get(e.replicaSet()),
                    e.replicaSet(), e.node(), time));
        } else if (event instanceof PodStarted e) {
            pods.computeIfPresent(e.pod(), (k, p) -> p.running(e.node(), time).withAddresses(e.ip(), e.networks()));
        } else if (event instanceof PodReady e) {
            pods.computeIfPresent(e.pod(), (k, p) -> p.becameReady(e.node(), time));
        } else if (event instanceof PodFailed e) {
            pods.computeIfPresent(e.pod(), (k, p) -> p.failed(e.node(), e.reason()));
        } else if (event instanceof PodTerminating e) {
            pods.computeIfPresent(e.pod(), (k, p) -> p.terminatingAt(time));
        } else if (event instanceof PodDeleted e) {
            pods.remove(e.pod());
        }
        // The other events (conditions, pause/resume, rollback, kube events, wake-ups, rejections) are for
        // readers of the log; the objects above already carry their effect.
    }

    private Deployment withNamespace(Deployment d) {
        return d.metadata().namespace() != null ? d : d.withMetadata(d.metadata().withNamespace(object.namespace()));
    }

    private ReplicaSet withNamespace(ReplicaSet rs) {
        return rs.metadata().namespace() != null ? rs
                : rs.withMetadata(rs.metadata().withNamespace(object.namespace()));
    }

    private static Map<String, String> merge(Map<String, String> base, Map<String, String> set) {
        Map<String, String> merged = new LinkedHashMap<>(base == null ? Map.of() : base);
        if (set != null) {
            merged.putAll(set);
        }
        return Maps.copy(merged);
    }
}
