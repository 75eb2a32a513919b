package io.rollbook.engine.deployment;

import io.rollbook.api.canary.CanaryStep;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.OwnerReference;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetSpec;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.deployment.util.Annotations;
import io.rollbook.engine.deployment.util.Conditions;
import io.rollbook.engine.deployment.util.Fenceposts;
import io.rollbook.engine.deployment.util.OwnedReplicaSets;
import io.rollbook.engine.deployment.util.ReplicaSets;
import io.rollbook.engine.deployment.util.TemplateHash;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The new-ReplicaSet half of sync.go: finding, syncing and creating the new ReplicaSet, with its
 * revision number (one more than any old ReplicaSet's) and its name from the template hash.
 */
final class NewReplicaSet {

    /** The new ReplicaSet (null when none exists and none was created) and the old ones, oldest first. */
    record Found(ReplicaSet newRs, List<ReplicaSet> old) {
        /** Callers may share one answer: the old list cannot change. */
        Found {
            old = Collections.unmodifiableList(old);
        }

        /** Old ones then the new one, as upstream's {@code append(oldRSs, newRS)}. */
        List<ReplicaSet> all() {
            List<ReplicaSet> all = new ArrayList<>(old.size() + 1);
            all.addAll(old);
            if (newRs != null) {
                all.add(newRs);
            }
            return all;
        }
    }

    private NewReplicaSet() {
    }

    /**
     * sync.go getAllReplicaSetsAndSyncRevision: the old ReplicaSets and the new one, synced or
     * created ({@link #getNewReplicaSet}) when {@code createIfNotExisted}.
     */
    static Found getAllReplicaSetsAndSyncRevision(Pass p, boolean createIfNotExisted) {
        Found known = p.knownFound(createIfNotExisted);
        if (known != null) {
            return known; // isScalingEvent asked first, and nothing changed since
        }
        Deployment before = p.d;
        int versionBefore = p.replicaSetsVersion();
        boolean deferredBefore = p.bookkeepingDeferred;
        ReplicaSet existing = ReplicaSets.findNew(p.d, p.rsList);
        List<ReplicaSet> old = ReplicaSets.findOld(existing, p.rsList);
        Found found = new Found(getNewReplicaSet(p, existing, old, createIfNotExisted), old);
        p.rememberFound(found, before, versionBefore, deferredBefore);
        return found;
    }

    /**
     * sync.go getNewReplicaSet: newRevision = deployment_util.go MaxRevision(old) + 1; the existing
     * new ReplicaSet is synced to it, or one is created when allowed.
     */
    private static ReplicaSet getNewReplicaSet(Pass p, ReplicaSet existing, List<ReplicaSet> old,
                                               boolean create) {
        long newRevision = ReplicaSets.maxRevision(old) + 1;
        if (existing != null) {
            return syncExisting(p, existing, newRevision);
        }
        return create ? create(p, old, newRevision) : null;
    }

    /**
     * The existing-ReplicaSet branch of getNewReplicaSet: copy the Deployment's annotations
     * (deployment_util.go SetNewReplicaSetAnnotations), raise the revision, sync minReadySeconds.
     * If anything changed the ReplicaSet is updated and the Deployment's bookkeeping (its revision
     * annotation, Progressing FoundNewReplicaSet) waits for a later look-up.
     */
    private static ReplicaSet syncExisting(Pass p, ReplicaSet rs, long newRevision) {
        Map<String, String> current = rs.metadata().annotations();
        Map<String, String> set = Annotations.toCopy(p.d, current);
        // toCopy never sets the revision annotations, so the revision update reads them from current.
        set.putAll(Annotations.revisionUpdate(current, newRevision));
        int minReady = p.d.spec().minReadySecondsOrZero();
        boolean minReadyChanged = rs.spec().minReadySecondsOrZero() != minReady;
        if (!set.isEmpty() || minReadyChanged) {
            ReplicaSet updated = rs.withMetadata(rs.metadata().withAnnotations(merge(current, set)))
                    .withSpec(rs.spec().withMinReadySeconds(minReady));
            p.actions.add(new Action.Annotate(rs.name(), set, minReadyChanged ? minReady : null,
                    syncReason(rs, set, minReadyChanged ? minReady : null)));
            p.replace(updated);
            p.bookkeepingDeferred = true;
            return updated;
        }
        if (p.bookkeepingDeferred) {
            return rs;
        }
        p.setDeploymentRevision(current == null ? "" : current.getOrDefault(WellKnown.REVISION_ANNOTATION, ""));
        if (Conditions.hasProgressDeadline(p.d) && p.status().condition(WellKnown.DEPLOYMENT_PROGRESSING) == null) {
            p.setCondition(Conditions.of(WellKnown.DEPLOYMENT_PROGRESSING, WellKnown.CONDITION_TRUE,
                    WellKnown.FOUND_NEW_RS_REASON, "Found new replica set \"" + rs.name() + "\"", p.now));
        }
        return rs;
    }

    /**
     * The create branch of getNewReplicaSet: a ReplicaSet named {@code <deployment>-<hash>}
     * (controller_utils.go ComputeHash of the template and collisionCount), sized by
     * NewRSNewReplicas as if it existed at 0; the revision annotations and desired/max replicas
     * set; event ScalingReplicaSet, the Deployment's revision, Progressing NewReplicaSetCreated.
     */
    private static ReplicaSet create(Pass p, List<ReplicaSet> old, long newRevision) {
        Deployment d = p.d;
        Integer collisionCount = d.statusOrEmpty().collisionCount();
        String hash = TemplateHash.compute(d.spec().template(), collisionCount);
        ReplicaSet candidate = candidate(d, hash);
        List<ReplicaSet> all = new ArrayList<>(old);
        all.add(candidate);
        int replicas = newRSNewReplicas(d, all, candidate);
        Map<String, String> annotations = Annotations.toCopy(d, null);
        annotations.putAll(Annotations.revisionUpdate(annotations, newRevision));
        annotations.putAll(Annotations.replicasAnnotations(d, p.maxSurge()));
        ReplicaSet rs = ReplicaSets.withReplicas(candidate, replicas)
                .withMetadata(candidate.metadata().withAnnotations(annotations));

        ReplicaSet clash = byName(p, rs.name());
        if (clash != null) {
            return onAlreadyExists(p, clash, collisionCount, newRevision);
        }
        p.actions.add(new Action.Create(rs, (int) newRevision, "the new ReplicaSet for revision " + newRevision
                + (isRecreate(d) ? " at all " + replicas + " replicas, as Recreate starts it"
                : " " + withinMaxSurge(d, all, candidate))));
        p.add(rs);
        if (replicas > 0) {
            p.events.add(KubeEvent.normal(WellKnown.SCALING_REPLICA_SET_REASON, "Scaled up replica set " + rs.name()
                    + " to " + replicas));
        }
        p.setDeploymentRevision(Long.toString(newRevision));
        if (Conditions.hasProgressDeadline(d)) {
            p.setCondition(Conditions.of(WellKnown.DEPLOYMENT_PROGRESSING, WellKnown.CONDITION_TRUE,
                    WellKnown.NEW_RS_REASON, "Created new replica set \"" + rs.name() + "\"", p.now));
        }
        return rs;
    }

    /** The ReplicaSet a Deployment would create for {@code hash}, at 0 replicas. */
    static ReplicaSet candidate(Deployment d, String hash) {
        PodTemplateSpec template = d.spec().template();
        Map<String, String> labels = io.rollbook.api.manifest.Maps.with(template.metadata().labels(),
                WellKnown.POD_TEMPLATE_HASH_LABEL, hash);
        PodTemplateSpec rsTemplate = template.withMetadata(template.metadata().withLabels(labels));
        ObjectMeta meta = ObjectMeta.named(d.metadata().namespace(), d.metadata().name() + "-" + hash)
                .withLabels(labels)
                .withOwnerReferences(List.of(OwnerReference.controllerOf(Deployment.API_VERSION, Deployment.KIND,
                        d.metadata())));
        ReplicaSetSpec spec = new ReplicaSetSpec(0, d.spec().minReadySecondsOrZero(),
                d.spec().selector().withMatchLabel(WellKnown.POD_TEMPLATE_HASH_LABEL, hash), rsTemplate);
        return ReplicaSet.of(meta, spec);
    }

    /**
     * Create answered AlreadyExists (getNewReplicaSet's error branch): a ReplicaSet of ours with an
     * equal template is adopted as the new one. Otherwise collisionCount goes up by one, the status
     * is written and the pass ends: the next pass hashes differently and tries another name.
     */
    private static ReplicaSet onAlreadyExists(Pass p, ReplicaSet clash, Integer collisionCount, long newRevision) {
        var ref = clash.metadata().controllerRef();
        if (ref != null && OwnedReplicaSets.isOwner(ref, p.d)
                && ReplicaSets.equalIgnoreHash(p.d.spec().template(), clash.spec().template())) {
            p.setDeploymentRevision(Long.toString(newRevision));
            return clash;
        }
        int next = (collisionCount == null ? 0 : collisionCount) + 1;
        DeploymentStatus status = p.status().withCollisionCount(next);
        p.writeStatus(status);
        throw new Pass.Stop("hash collision: replica set \"" + clash.name() + "\" already exists; collisionCount is now "
                + next);
    }

    /** A ReplicaSet of that name anywhere in the namespace: one this pass created, or any other. */
    private static ReplicaSet byName(Pass p, String name) {
        for (List<ReplicaSet> list : List.of(p.rsList, p.namespaceReplicaSets)) {
            for (ReplicaSet rs : list) {
                if (name.equals(rs.name())) {
                    return rs;
                }
            }
        }
        return null;
    }

    /**
     * deployment_util.go NewRSNewReplicas: Recreate → replicas; RollingUpdate → grow the new
     * ReplicaSet by what fits under replicas + maxSurge (ceil), never past replicas. With 10
     * replicas and maxSurge 3, ReplicaSets at 8 old + 3 new: min(13 − 11, 10 − 3) = 2, new goes to 5.
     */
    static int newRSNewReplicas(Deployment d, List<ReplicaSet> all, ReplicaSet newRs) {
        int replicas = d.spec().replicasOrDefault();
        if (isRecreate(d)) {
            return replicas;
        }
        if (!Fenceposts.isRollingUpdate(d)) {
            throw new Pass.Stop("deployment type " + d.spec().strategy() + " isn't supported");
        }
        var ru = d.spec().strategy().rollingUpdate();
        int maxSurge = Fenceposts.scaled(ru == null ? null : ru.maxSurge(), replicas, true);
        int current = ReplicaSets.specSum(all);
        int maxTotal = replicas + maxSurge;
        if (current >= maxTotal) {
            return newRs.specReplicas();
        }
        int scaleUp = Math.min(maxTotal - current, replicas - newRs.specReplicas());
        int grown = newRs.specReplicas() + scaleUp;
        Integer cap = canaryCap(d);
        return cap == null ? grown : Math.min(grown, Math.max(cap, newRs.specReplicas()));
    }

    /**
     * Rollbook's canary ({@code rollbook.io/canary-steps}): the new ReplicaSet's pods at the weight in
     * force ({@code rollbook.io/canary-weight}, round half up, at least one above 0: 20% of 10 is 2);
     * null when there is no weight, or it is 100 (then this is upstream's RollingUpdate, exactly).
     * maxSurge and maxUnavailable still bound every step: the cap only lowers the targets, so
     * NewRSNewReplicas grows the new ReplicaSet no further than it, and the old ones keep
     * replicas - cap (RollingUpdate.reconcileOldReplicaSets).
     */
    static Integer canaryCap(Deployment d) {
        String w = d.metadata().annotation(WellKnown.CANARY_WEIGHT_ANNOTATION);
        if (w == null || !Fenceposts.isRollingUpdate(d)) {
            return null;
        }
        int weight;
        try {
            weight = Integer.parseInt(w);
        } catch (NumberFormatException e) {
            return null;
        }
        if (weight < 0 || weight >= 100) {
            return null;
        }
        return new CanaryStep.SetWeight(weight).replicas(d.spec().replicasOrDefault());
    }

    /**
     * The numbers behind NewRSNewReplicas for a rolling update, as a reason: {@code within maxSurge:
     * 10 + 3 - 11 = 2 more allowed}, and how many are still wanted when that is fewer.
     */
    static String withinMaxSurge(Deployment d, List<ReplicaSet> all, ReplicaSet newRs) {
        int replicas = d.spec().replicasOrDefault();
        var ru = d.spec().strategy().rollingUpdate();
        int maxSurge = Fenceposts.scaled(ru == null ? null : ru.maxSurge(), replicas, true);
        int current = ReplicaSets.specSum(all);
        int room = replicas + maxSurge - current;
        int wanted = replicas - newRs.specReplicas();
        if (room <= 0) {
            return "at the maxSurge ceiling: " + current + " pods, " + replicas + " + " + maxSurge + " allowed";
        }
        return "within maxSurge: " + replicas + " + " + maxSurge + " - " + current + " = " + room + " more allowed"
                + (wanted < room ? ", " + wanted + " still wanted" : "");
    }

    /** What syncing the existing new ReplicaSet changes, as a reason. */
    private static String syncReason(ReplicaSet rs, Map<String, String> set, Integer minReadySeconds) {
        List<String> parts = new ArrayList<>();
        String revision = set.get(WellKnown.REVISION_ANNOTATION);
        if (revision != null) {
            String was = rs.metadata().annotation(WellKnown.REVISION_ANNOTATION);
            parts.add("revision " + revision + (was == null ? "" : " (was " + was + ")"));
        }
        List<String> copied = set.keySet().stream()
                .filter(k -> !k.equals(WellKnown.REVISION_ANNOTATION)
                        && !k.equals(WellKnown.REVISION_HISTORY_ANNOTATION))
                .toList();
        if (!copied.isEmpty()) {
            parts.add("the Deployment's annotations " + String.join(", ", copied));
        }
        if (minReadySeconds != null) {
            parts.add("minReadySeconds " + minReadySeconds);
        }
        return "the new ReplicaSet takes " + String.join("; ", parts);
    }

    private static boolean isRecreate(Deployment d) {
        return d.spec().strategy() != null && d.spec().strategy().isRecreate();
    }

    private static Map<String, String> merge(Map<String, String> base, Map<String, String> set) {
        Map<String, String> merged = new LinkedHashMap<>(base == null ? Map.of() : base);
        merged.putAll(set);
        return merged;
    }
}
