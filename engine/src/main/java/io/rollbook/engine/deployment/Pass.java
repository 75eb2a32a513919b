package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentSpec;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.Pod;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.deployment.util.Annotations;
import io.rollbook.engine.deployment.util.Conditions;
import io.rollbook.engine.deployment.util.Fenceposts;
import io.rollbook.engine.deployment.util.ReplicaSets;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The working state of one reconcile: the Deployment as the pass has changed it so far, the
 * ReplicaSets it found, and everything it did. Lives for one call of {@link Reconciler#reconcile}.
 *
 * <p>ReplicaSets are immutable values: like upstream, a step that scales one gets the scaled copy
 * back, and the caller decides whether later steps see it (status, for example, is computed from
 * the ReplicaSets as the pass found them).
 */
final class Pass {

    /** Ends a pass early, as an error returned from upstream's syncDeployment does. */
    static final class Stop extends RuntimeException {
        Stop(String message) {
            super(message, null, false, false);
        }
    }

    /** A resize's result: whether the size changed, and the ReplicaSet after it. */
    record Scaled(boolean scaled, ReplicaSet rs) {
    }

    Deployment d;
    /** The ReplicaSets the pass works on, read-only: changed through {@link #replace} and {@link #add}. */
    final List<ReplicaSet> rsList;
    private final List<ReplicaSet> replicaSets;
    /** Bumped at every change to {@link #rsList}. */
    private int replicaSetsVersion;
    /** Every ReplicaSet of the namespace, owned or not: a new name must not clash with any. */
    final List<ReplicaSet> namespaceReplicaSets;
    /**
     * The new ReplicaSet was updated in this pass: the Deployment's bookkeeping (its revision,
     * Progressing FoundNewReplicaSet) waits for a later look-up, as getNewReplicaSet does.
     */
    boolean bookkeepingDeferred;
    final List<Pod> pods;
    final Instant now;
    final List<Action> actions = new ArrayList<>();
    final List<KubeEvent> events = new ArrayList<>();
    final Map<String, String> deploymentAnnotations = new LinkedHashMap<>();
    PlanPath path;
    Duration requeueAfter;
    PodTemplateSpec rolledBackTemplate;
    /** What a rollout pass that changed no ReplicaSet waits for, when the step that waits can say; else null. */
    String idleReason;
    /**
     * The last {@link NewReplicaSet#getAllReplicaSetsAndSyncRevision} answer that changed nothing,
     * and what it read: the Deployment, the ReplicaSets and {@link #bookkeepingDeferred}.
     */
    private NewReplicaSet.Found found;
    private Deployment foundFor;
    private int foundAtVersion;
    private boolean foundDeferred;
    /** The spec {@link #fenceposts} was resolved from: resolved again only if a step replaced the spec. */
    private DeploymentSpec resolvedSpec;
    private Fenceposts fenceposts;

    /** Takes both lists over: {@code rsList} is changed as the pass goes, {@code namespaceReplicaSets} only read. */
    Pass(Deployment d, Fenceposts fenceposts, ArrayList<ReplicaSet> rsList, List<ReplicaSet> namespaceReplicaSets,
         List<Pod> pods, Instant now) {
        this.d = d;
        this.fenceposts = fenceposts;
        this.resolvedSpec = d.spec();
        this.replicaSets = rsList;
        this.rsList = Collections.unmodifiableList(rsList);
        this.namespaceReplicaSets = Collections.unmodifiableList(namespaceReplicaSets);
        this.pods = pods;
        this.now = now;
    }

    /** {@code Fenceposts.of(d)}, resolved once per spec rather than at every use. */
    Fenceposts fenceposts() {
        if (resolvedSpec != d.spec()) {
            fenceposts = Fenceposts.of(d);
            resolvedSpec = d.spec();
        }
        return fenceposts;
    }

    /** {@link Fenceposts#maxSurge(Deployment)} of the Deployment as it is now. */
    int maxSurge() {
        return fenceposts().maxSurge();
    }

    /** {@link Fenceposts#maxUnavailable(Deployment)} of the Deployment as it is now. */
    int maxUnavailable() {
        int replicas = d.spec().replicasOrDefault();
        if (!Fenceposts.isRollingUpdate(d) || replicas == 0) {
            return 0;
        }
        return Math.min(fenceposts().maxUnavailable(), replicas);
    }

    DeploymentStatus status() {
        return d.statusOrEmpty();
    }

    void writeStatus(DeploymentStatus status) {
        d = d.withStatus(status);
    }

    void setCondition(DeploymentCondition condition) {
        writeStatus(Conditions.set(status(), condition));
    }

    /** deployment_util.go SetDeploymentRevision: true when the Deployment's revision annotation changed. */
    boolean setDeploymentRevision(String revision) {
        if (revision.equals(d.metadata().annotation(WellKnown.REVISION_ANNOTATION))) {
            return false;
        }
        setDeploymentAnnotation(WellKnown.REVISION_ANNOTATION, revision);
        return true;
    }

    void setDeploymentAnnotation(String key, String value) {
        d = d.withMetadata(d.metadata().withAnnotations(Maps.with(d.metadata().annotations(), key, value)));
        deploymentAnnotations.put(key, value);
    }

    /** Replaces a ReplicaSet in the list the rest of the pass looks up. */
    void replace(ReplicaSet updated) {
        replicaSetsVersion++;
        for (int i = 0; i < replicaSets.size(); i++) {
            if (ReplicaSets.sameObject(replicaSets.get(i), updated)) {
                replicaSets.set(i, updated);
                return;
            }
        }
        replicaSets.add(updated);
    }

    /** Adds a ReplicaSet the pass created. */
    void add(ReplicaSet created) {
        replicaSetsVersion++;
        replicaSets.add(created);
    }

    /**
     * What {@code getAll(create)} would answer again, when the last answer changed nothing and
     * nothing it reads has changed since; else null. getAll is a function of the Deployment, the
     * ReplicaSets and {@link #bookkeepingDeferred}: with the same inputs it finds the same, and
     * since the last call had no effect, a repeat would have none either. Only a missing new
     * ReplicaSet depends on {@code create}.
     */
    NewReplicaSet.Found knownFound(boolean create) {
        boolean unchanged = found != null && foundFor == d && foundAtVersion == replicaSetsVersion
                && foundDeferred == bookkeepingDeferred;
        return unchanged && (found.newRs() != null || !create) ? found : null;
    }

    /** Remembers a getAll answer computed from this state, if computing it did not change the state. */
    void rememberFound(NewReplicaSet.Found answer, Deployment before, int versionBefore, boolean deferredBefore) {
        if (d == before && replicaSetsVersion == versionBefore && bookkeepingDeferred == deferredBefore) {
            found = answer;
            foundFor = before;
            foundAtVersion = versionBefore;
            foundDeferred = deferredBefore;
        }
    }

    int replicaSetsVersion() {
        return replicaSetsVersion;
    }

    /**
     * sync.go scaleReplicaSet: resize and refresh the desired/max annotations; an event when the
     * size changed; an annotate action when only the annotations did. {@code why} gives the
     * resize's reason; it is asked only when the size changes.
     */
    Scaled scale(ReplicaSet rs, int newScale, Supplier<String> why) {
        boolean sizeNeedsUpdate = rs.specReplicas() != newScale;
        boolean annotationsNeedUpdate = Annotations.replicasAnnotationsNeedUpdate(rs, d, maxSurge());
        if (!sizeNeedsUpdate && !annotationsNeedUpdate) {
            return new Scaled(false, rs);
        }
        int oldScale = rs.specReplicas();
        Map<String, String> set = Annotations.replicasAnnotations(d, maxSurge());
        Map<String, String> merged = new LinkedHashMap<>(rs.metadata().annotations() == null
                ? Map.of() : rs.metadata().annotations());
        merged.putAll(set);
        ReplicaSet updated = ReplicaSets.withReplicas(rs, newScale)
                .withMetadata(rs.metadata().withAnnotations(merged));
        if (!sizeNeedsUpdate) {
            actions.add(new Action.Annotate(rs.name(), set, null, "refresh desired-replicas and max-replicas to "
                    + set.get(WellKnown.DESIRED_REPLICAS_ANNOTATION) + " and "
                    + set.get(WellKnown.MAX_REPLICAS_ANNOTATION) + " (replicas and replicas + maxSurge)"));
            return new Scaled(false, updated);
        }
        actions.add(new Action.Scale(rs.name(), oldScale, newScale, set, why.get()));
        String direction = oldScale < newScale ? "up" : "down";
        events.add(KubeEvent.normal(WellKnown.SCALING_REPLICA_SET_REASON,
                "Scaled " + direction + " replica set " + rs.name() + " to " + newScale + " from " + oldScale));
        return new Scaled(true, updated);
    }

    /** sync.go scaleReplicaSetAndRecordEvent: nothing at all when the size is already right. */
    Scaled scaleAndRecordEvent(ReplicaSet rs, int newScale, Supplier<String> why) {
        if (rs.specReplicas() == newScale) {
            return new Scaled(false, rs);
        }
        return scale(rs, newScale, why);
    }
}
