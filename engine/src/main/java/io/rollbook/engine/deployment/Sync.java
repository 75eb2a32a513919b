package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.engine.deployment.util.Annotations;
import io.rollbook.engine.deployment.util.Fenceposts;
import io.rollbook.engine.deployment.util.ReplicaSets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scaling events and proportional scaling (A8), also what a paused Deployment does (A9.1).
 *
 * <p>Worked example: 7 → 10 replicas, maxSurge 0, ReplicaSets 3/2/2 with max-replicas 7: 3 more
 * pods are shared by size, round(3 × 10/7) − 3 = 1, then 1 and 1, giving 4/3/3.
 */
final class Sync {

    private Sync() {
    }

    /** Go's isScalingEvent (A4.7): an active ReplicaSet's desired-replicas differs from spec.replicas. */
    static boolean isScalingEvent(Pass p) {
        NewReplicaSet.Found found = NewReplicaSet.getAll(p, false);
        int replicas = p.d.spec().replicasOrDefault();
        for (ReplicaSet rs : found.all()) {
            Integer desired = rs.specReplicas() > 0 ? Annotations.desiredReplicas(rs) : null; // active ones only
            if (desired != null && desired != replicas) {
                return true;
            }
        }
        return false;
    }

    /** Go's sync(): scale, clean history while paused, write plain status. */
    static void sync(Pass p) {
        NewReplicaSet.Found found = NewReplicaSet.getAll(p, false);
        List<ReplicaSet> old = new ArrayList<>(found.old());
        scale(p, found.newRs(), old);
        if (p.d.spec().isPaused() && p.d.metadata().annotation(Annotations.ROLLBACK_TO) == null) {
            HistoryCleanup.cleanup(p, old);
        }
        List<ReplicaSet> all = new ArrayList<>(old);
        if (found.newRs() != null) {
            all.add(found.newRs());
        }
        Progress.syncDeploymentStatus(p, all, found.newRs());
    }

    /** Go's scale() (A8.1-A8.3). Reorders {@code old} newest first, as upstream's in-place sort does. */
    static void scale(Pass p, ReplicaSet newRs, List<ReplicaSet> old) {
        Deployment d = p.d;
        int replicas = d.spec().replicasOrDefault();
        ReplicaSet activeOrLatest = activeOrLatest(newRs, old);
        if (activeOrLatest != null) {
            if (activeOrLatest.specReplicas() != replicas) {
                p.scaleAndRecordEvent(activeOrLatest, replicas);
            }
            return;
        }
        if (ReplicaSets.isSaturated(d, newRs)) {
            for (ReplicaSet rs : ReplicaSets.active(old)) {
                p.scaleAndRecordEvent(rs, 0);
            }
            return;
        }
        if (Fenceposts.isRollingUpdate(d)) {
            proportionally(p, newRs, old);
        }
    }

    /** Go's FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active. */
    private static ReplicaSet activeOrLatest(ReplicaSet newRs, List<ReplicaSet> old) {
        if (newRs == null && old.isEmpty()) {
            return null;
        }
        old.sort(ReplicaSets.OLDEST_FIRST.reversed());
        List<ReplicaSet> all = new ArrayList<>(old);
        if (newRs != null) {
            all.add(newRs);
        }
        List<ReplicaSet> active = ReplicaSets.active(all);
        if (active.isEmpty()) {
            return newRs != null ? newRs : old.get(0);
        }
        return active.size() == 1 ? active.get(0) : null;
    }

    /** A8.3: share the difference by size, leftovers to the first in order. */
    private static void proportionally(Pass p, ReplicaSet newRs, List<ReplicaSet> old) {
        Deployment d = p.d;
        int replicas = d.spec().replicasOrDefault();
        List<ReplicaSet> all = new ArrayList<>(old);
        if (newRs != null) {
            all.add(newRs);
        }
        List<ReplicaSet> active = ReplicaSets.active(all);
        int allowed = replicas > 0 ? replicas + p.maxSurge() : 0;
        int toAdd = allowed - ReplicaSets.specSum(active);
        if (toAdd > 0) {
            active.sort(ReplicaSets.BY_SIZE_NEWER);
        } else if (toAdd < 0) {
            active.sort(ReplicaSets.BY_SIZE_OLDER);
        }
        Map<String, Integer> sizes = new HashMap<>();
        int added = 0;
        for (ReplicaSet rs : active) {
            int proportion = toAdd == 0 ? 0 : proportion(rs, d, toAdd, added);
            sizes.put(rs.name(), rs.specReplicas() + proportion);
            added += proportion;
        }
        for (int i = 0; i < active.size(); i++) {
            ReplicaSet rs = active.get(i);
            if (i == 0 && toAdd != 0) {
                sizes.put(rs.name(), Math.max(0, sizes.get(rs.name()) + toAdd - added));
            }
            p.scale(rs, sizes.get(rs.name()));
        }
    }

    /** Go's GetReplicaSetProportion: this ReplicaSet's share, never past what is left to add. */
    static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
        if (rs == null || rs.specReplicas() == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, d);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    /** Go's getReplicaSetFraction: round(spec × (replicas + surge) / max-replicas before) − spec. */
    static int fraction(ReplicaSet rs, Deployment d) {
        int replicas = d.spec().replicasOrDefault();
        if (replicas == 0) {
            return -rs.specReplicas();
        }
        long maxReplicas = (long) replicas + Fenceposts.maxSurge(d);
        Integer before = Annotations.maxReplicas(rs);
        long base = before == null || before == 0 ? d.statusOrEmpty().replicas() : before;
        if (base == 0) {
            return 0;
        }
        double newSize = (double) ((long) rs.specReplicas() * maxReplicas) / (double) base;
        return (int) (Math.round(Math.abs(newSize)) * (long) Math.signum(newSize)) - rs.specReplicas();
    }
}
