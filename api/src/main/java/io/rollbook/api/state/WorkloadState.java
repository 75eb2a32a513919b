package io.rollbook.api.state;

import io.rollbook.api.event.CanaryAborted;
import io.rollbook.api.event.CanaryCheckEvaluated;
import io.rollbook.api.event.CanaryStepStarted;
import io.rollbook.api.event.ConditionChanged;
import io.rollbook.api.event.DeploymentAnnotated;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.DeploymentStatusChanged;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.PodCreated;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.PodCrashed;
import io.rollbook.api.event.PodFailed;
import io.rollbook.api.event.PodRestarted;
import io.rollbook.api.event.PodReady;
import io.rollbook.api.event.PodStarted;
import io.rollbook.api.event.PodTerminating;
import io.rollbook.api.event.ProgressDeadlineHandled;
import io.rollbook.api.event.ReplicaSetAnnotated;
import io.rollbook.api.event.ReplicaSetApplied;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.ReplicaSetDeleted;
import io.rollbook.api.event.ReplicaSetScaled;
import io.rollbook.api.event.ReplicaSetStatusChanged;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.event.RolledBack;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.event.RolloutResumed;
import io.rollbook.api.event.WakeUpScheduled;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetStatus;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.api.manifest.Revisions;
import io.rollbook.api.manifest.WellKnown;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What one aggregate (a Deployment, or a bare ReplicaSet) knows: the object, its ReplicaSets and
 * their pods. Changed only by {@link #apply}, one event at a time, so replaying the log rebuilds
 * it exactly. The one fold of a workload's events: the engine decides from it, the projections
 * print it, the kubelet stand-in and the crash test read it.
 *
 * <p>A log written by any version folds without throwing: an event about an object the state does
 * not hold (annotations or status before the Deployment, a ReplicaSet or pod it never saw) changes
 * nothing, absent maps are empty, and an object logged without a namespace is in the aggregate's.
 * Owned by one aggregate instance (or one reader); not thread-safe.
 */
public final class WorkloadState {

    private final ObjectRef object;
    private Deployment deployment;
    private final Map<String, ReplicaSet> replicaSets = new LinkedHashMap<>();
    private final Map<String, PodState> pods = new LinkedHashMap<>();
    /** The same pods by ReplicaSet, in creation order: controllers ask for one ReplicaSet's pods many times a command. */
    private final Map<String, Map<String, PodState>> podsByReplicaSet = new HashMap<>();
    private final Map<String, Integer> podOrdinals = new LinkedHashMap<>();
    private Instant wakeUpAt;
    private long completedRevision;
    private RevisionOutcomes outcomes = new RevisionOutcomes();
    private CanaryState canary;

    /**
     * The empty state of aggregate {@code aggregateId}: {@code ns/name} for a Deployment,
     * {@code ns/replicasets/name} for a bare ReplicaSet (see {@link ObjectRef#aggregateId()}).
     */
    public WorkloadState(String aggregateId) {
        this(ObjectRef.ofAggregate(aggregateId));
    }

    private WorkloadState(ObjectRef object) {
        this.object = object;
    }

    /** An independent copy: later applies to either leave the other as it was (the values are immutable). */
    public WorkloadState copy() {
        WorkloadState c = new WorkloadState(object);
        c.deployment = deployment;
        c.replicaSets.putAll(replicaSets);
        c.pods.putAll(pods);
        podsByReplicaSet.forEach((rs, ps) -> c.podsByReplicaSet.put(rs, new LinkedHashMap<>(ps)));
        c.podOrdinals.putAll(podOrdinals);
        c.wakeUpAt = wakeUpAt;
        c.completedRevision = completedRevision;
        c.outcomes = outcomes.copy();
        c.canary = canary;
        return c;
    }

    /** Everything this state keeps, as a snapshot ({@link WorkloadSnapshot}): {@link #of} of it is an equal state. */
    public WorkloadSnapshot snapshot() {
        Map<String, List<String>> byReplicaSet = new LinkedHashMap<>();
        podsByReplicaSet.forEach((rs, ps) -> byReplicaSet.put(rs, List.copyOf(ps.keySet())));
        return WorkloadSnapshot.of(object.aggregateId(), deployment, replicaSets.values(), pods.values(), byReplicaSet,
                podOrdinals, wakeUpAt, completedRevision, outcomes.all().values(), outcomes.deadlineHandled(),
                outcomes.automaticRollbacks(), canary);
    }

    /** The state a snapshot holds: equal to the state folded from the events it summarises. */
    public static WorkloadState of(WorkloadSnapshot s) {
        WorkloadState w = new WorkloadState(s.aggregate());
        w.deployment = s.deployment();
        s.replicaSets().forEach(rs -> w.replicaSets.put(rs.name(), rs));
        s.podStates().forEach(p -> w.pods.put(p.name(), p));
        s.podsByReplicaSet().forEach((rs, names) -> {
            Map<String, PodState> of = new LinkedHashMap<>();
            names.forEach(n -> of.put(n, w.pods.get(n)));
            w.podsByReplicaSet.put(rs, of);
        });
        w.podOrdinals.putAll(s.podOrdinals());
        w.wakeUpAt = s.wakeUpAt();
        w.completedRevision = s.completedRevision();
        w.outcomes = RevisionOutcomes.of(s.revisionOutcomes(), s.deadlineHandled(), s.automaticRollbacks());
        w.canary = s.canary();
        return w;
    }

    /** The aggregate's own object: the Deployment, or the bare ReplicaSet, its id names. */
    public ObjectRef object() {
        return object;
    }

    /** The Deployment with its status, or null when there is none (never applied, or deleted). */
    public Deployment deployment() {
        return deployment;
    }

    public ReplicaSet replicaSet(String name) {
        return replicaSets.get(name);
    }

    public List<ReplicaSet> replicaSets() {
        return new ArrayList<>(replicaSets.values());
    }

    public PodState pod(String name) {
        return pods.get(name);
    }

    public List<PodState> pods() {
        return new ArrayList<>(pods.values());
    }

    public List<PodState> podsOf(String replicaSet) {
        Map<String, PodState> of = podsByReplicaSet.get(replicaSet);
        return of == null ? new ArrayList<>() : new ArrayList<>(of.values());
    }

    /** The ordinal the next pod of this ReplicaSet gets (names are derived from it, never random). */
    public int nextPodOrdinal(String replicaSet) {
        return podOrdinals.getOrDefault(replicaSet, 0);
    }

    public Instant wakeUpAt() {
        return wakeUpAt;
    }

    public long completedRevision() {
        return completedRevision;
    }

    /** How each revision ended (or that it is still rolling out), by revision; see {@link RevisionOutcomes}. */
    public Map<Long, RevisionOutcome> revisionOutcomes() {
        return Map.copyOf(outcomes.all());
    }

    /** The outcome of {@code revision}, or null when the log gave it none. */
    public RevisionOutcome revisionOutcome(long revision) {
        return outcomes.all().get(revision);
    }

    /** Whether Rollbook's progress-deadline rule already acted on {@code revision}'s exceeded deadline. */
    public boolean progressDeadlineHandled(long revision) {
        return outcomes.deadlineHandled(revision);
    }

    /** Whether {@code revision} is one an automatic rollback started (so its own failure must not roll back again). */
    public boolean startedByAutomaticRollback(long revision) {
        return outcomes.startedByAutomaticRollback(revision);
    }

    /** The Deployment's canary (rollbook.io/canary-steps): its revision and step; null when it never had one. */
    public CanaryState canary() {
        return canary;
    }

    /** Evolves the state by one envelope of the aggregate's log: its event, at its time. */
    public void apply(EventEnvelope envelope) {
        apply(envelope.data(), envelope.time());
    }

    /** Evolves the state by one event that happened at {@code time}. Assigns; never decides, never throws. */
    public void apply(RollbookEvent event, Instant time) {
        long revisionBefore = revision();
        applyToDeployment(event, time);
        long revisionAfter = revision();
        if (revisionAfter != revisionBefore) {
            outcomes.revisionMoved(revisionBefore, revisionAfter, time);
        }
    }

    /**
     * Forgets what is kept of the revisions that neither the Deployment nor any of its ReplicaSets
     * carries any more: their outcome, and whether the progress-deadline rule handled them or an
     * automatic rollback started them. A ReplicaSet that a rollback reuses takes a new revision
     * (deployment_util.go SetNewReplicaSetAnnotations) and history cleanup deletes the oldest, so
     * without this the outcomes grow by one with every rollout, forever: a Deployment rolled back
     * and forth between two images keeps two ReplicaSets but had, after a year at ten rollouts a
     * day, 3,650 outcomes. Every rule that decides reads the outcome of the current revision or of a
     * ReplicaSet's (the rollback target), so the engine, which keeps its aggregates folded for
     * deciding, calls this after each committed event; the read models, which tell the history of
     * every revision, do not.
     */
    public void forgetRevisionsGone() {
        if (outcomes.size() <= replicaSets.size() + 1) {
            return; // bounded already: no more than one a ReplicaSet, plus the Deployment's own
        }
        Set<Long> carried = new HashSet<>();
        carried.add(revision());
        for (ReplicaSet rs : replicaSets.values()) {
            String v = rs.metadata().annotation(WellKnown.REVISION_ANNOTATION);
            try {
                if (v != null) {
                    carried.add(Long.parseLong(v));
                }
            } catch (NumberFormatException e) {
                // not a revision: carries none
            }
        }
        outcomes.retainOnly(carried);
    }

    /** The Deployment's revision annotation, 0 without a Deployment, annotation or a number in it. */
    private long revision() {
        return deployment == null ? 0 : Revisions.orZero(deployment.metadata());
    }

    private void applyToDeployment(RollbookEvent event, Instant time) {
        if (event instanceof DeploymentApplied e) {
            if (e.deployment() != null) {
                var status = deployment == null ? null : deployment.status();
                deployment = inNamespace(e.deployment()).withStatus(status);
            }
        } else if (event instanceof DeploymentDeleted) {
            deployment = null;
            replicaSets.clear();
            pods.clear();
            podsByReplicaSet.clear();
            wakeUpAt = null;
            completedRevision = 0;
            outcomes.clear();
            canary = null;
        } else if (event instanceof DeploymentAnnotated e) {
            if (deployment != null) {
                Map<String, String> merged = merge(deployment.metadata().annotations(), e.annotations());
                deployment = deployment.withMetadata(deployment.metadata().withAnnotations(merged));
            }
        } else if (event instanceof DeploymentStatusChanged e) {
            if (deployment != null) {
                deployment = deployment.withStatus(e.status());
            }
        } else if (event instanceof RolloutCompleted e) {
            completedRevision = e.revision();
            outcomes.completed(e.revision(), time, "every replica updated and available");
        } else if (event instanceof ConditionChanged e) {
            if (WellKnown.DEPLOYMENT_PROGRESSING.equals(e.type()) && WellKnown.TIMED_OUT_REASON.equals(e.reason())) {
                outcomes.timedOut(revision(), time, e.message());
            }
        } else if (event instanceof ProgressDeadlineHandled e) {
            outcomes.handled(e);
        } else if (event instanceof RolledBack e) {
            outcomes.rolledBack(e.fromRevision(), e.toRevision(), e.newRevision(), time);
        } else if (event instanceof WakeUpScheduled e) {
            wakeUpAt = e.at();
        } else if (event instanceof CanaryStepStarted || event instanceof CanaryAborted
                || event instanceof CanaryCheckEvaluated || event instanceof RolloutResumed) {
            applyToCanary(event, time);
        } else {
            applyToReplicaSets(event, time);
        }
    }

    private void applyToCanary(RollbookEvent event, Instant time) {
        if (event instanceof CanaryStepStarted e) {
            canary = CanaryState.started(canary, e, time);
        } else if (event instanceof CanaryAborted e) {
            if (canary != null && canary.revision() == e.revision()) {
                canary = canary.aborted();
            }
            outcomes.aborted(e.revision(), time, e.message());
        } else if (event instanceof CanaryCheckEvaluated e) {
            if (canary != null && canary.revision() == e.revision() && !e.passed() && "pause".equals(e.action())) {
                canary = canary.checkPaused(CanaryState.checkKey(e.step(), e.check()));
            }
        } else if (canary != null && canary.running()) { // RolloutResumed: a timed pause counts afresh
            canary = canary.resumed(time);
        }
    }

    private void applyToReplicaSets(RollbookEvent event, Instant time) {
        if (event instanceof ReplicaSetCreated e) {
            if (e.replicaSet() != null) {
                replicaSets.put(e.replicaSet().name(), inNamespace(e.replicaSet()));
            }
        } else if (event instanceof ReplicaSetApplied e) {
            if (e.replicaSet() != null) {
                ReplicaSet old = replicaSets.get(e.replicaSet().name());
                ReplicaSetStatus status = old == null ? null : old.status();
                replicaSets.put(e.replicaSet().name(), inNamespace(e.replicaSet()).withStatus(status));
            }
        } else if (event instanceof ReplicaSetScaled e) {
            replicaSets.computeIfPresent(e.replicaSet(), (k, rs) -> {
                var meta = rs.metadata().withAnnotations(merge(rs.metadata().annotations(), e.annotations()))
                        .withGeneration(rs.metadata().generationOrZero() + 1);
                return rs.withSpec(rs.spec().withReplicas(e.to())).withMetadata(meta);
            });
        } else if (event instanceof ReplicaSetAnnotated e) {
            replicaSets.computeIfPresent(e.replicaSet(), (k, rs) -> {
                var meta = rs.metadata().withAnnotations(merge(rs.metadata().annotations(), e.annotations()));
                var spec = e.minReadySeconds() == null ? rs.spec()
                        : rs.spec().withMinReadySeconds(e.minReadySeconds());
                return rs.withMetadata(meta).withSpec(spec);
            });
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
            PodState pod = PodState.created(e.pod(), e.replicaSet(), replicaSets.get(e.replicaSet()), e.node(), time);
            PodState before = pods.put(e.pod(), pod);
            if (before != null) {
                unindex(before); // created twice: the second one stands, under its own ReplicaSet
            }
            podsByReplicaSet.computeIfAbsent(e.replicaSet(), k -> new LinkedHashMap<>()).put(e.pod(), pod);
            podOrdinals.merge(e.replicaSet(), 1, Integer::sum);
        } else if (event instanceof PodStarted e) {
            updatePod(e.pod(), p -> p.started(e.node(), time, e.ip(), e.networks()));
        } else if (event instanceof PodReady e) {
            updatePod(e.pod(), p -> p.becameReady(e.node(), time));
        } else if (event instanceof PodFailed e) {
            updatePod(e.pod(), p -> p.failed(e.node(), e.reason()));
        } else if (event instanceof PodCrashed e) {
            updatePod(e.pod(), p -> p.crashed(e.node(), e.reason()));
        } else if (event instanceof PodRestarted e) {
            updatePod(e.pod(), p -> p.restarted(e.node()));
        } else if (event instanceof PodTerminating e) {
            updatePod(e.pod(), p -> p.terminatingAt(time));
        } else if (event instanceof PodDeleted e) {
            PodState gone = pods.remove(e.pod());
            if (gone != null) {
                unindex(gone);
            }
        }
        // RolloutPaused/Resumed, KubeEventRecorded, ReplicaSetRevisionChanged,
        // CommandRejected and the configuration objects' events are for other readers of the log; the objects
        // above already carry their effect.
    }

    private void updatePod(String name, UnaryOperator<PodState> change) {
        PodState now = pods.computeIfPresent(name, (k, p) -> change.apply(p));
        if (now != null) {
            podsByReplicaSet.get(now.replicaSet()).put(name, now);
        }
    }

    private void unindex(PodState pod) {
        Map<String, PodState> of = podsByReplicaSet.get(pod.replicaSet());
        if (of != null) {
            of.remove(pod.name());
            if (of.isEmpty()) {
                podsByReplicaSet.remove(pod.replicaSet());
            }
        }
    }

    /** The object as logged, in the aggregate's namespace when the log names none. */
    private Deployment inNamespace(Deployment d) {
        return d.metadata().namespace() != null ? d : d.withMetadata(d.metadata().withNamespace(object.namespace()));
    }

    private ReplicaSet inNamespace(ReplicaSet rs) {
        return rs.metadata().namespace() != null ? rs
                : rs.withMetadata(rs.metadata().withNamespace(object.namespace()));
    }

    /** {@code base} with {@code set} over it; a null map on either side is an empty one. */
    private static Map<String, String> merge(Map<String, String> base, Map<String, String> set) {
        Map<String, String> merged = new LinkedHashMap<>(base == null ? Map.of() : base);
        if (set != null) {
            merged.putAll(set);
        }
        return Maps.copy(merged);
    }
}
