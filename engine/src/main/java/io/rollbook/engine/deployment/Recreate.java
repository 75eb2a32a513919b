package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Pod;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.deployment.util.Conditions;
import io.rollbook.engine.deployment.util.ReplicaSets;

import java.util.List;
import java.util.Objects;

/** recreate.go, the Recreate strategy: every old pod gone before the new ReplicaSet exists. */
final class Recreate {

    private Recreate() {
    }

    /**
     * recreate.go rolloutRecreate: look the new ReplicaSet up without creating it; scale every old
     * one to 0 and stop; wait while old pods run; then create the new one at full size, and clean
     * up the history once the stored status says complete.
     */
    static void rolloutRecreate(Pass p) {
        NewReplicaSet.Found found = NewReplicaSet.getAllReplicaSetsAndSyncRevision(p, false);
        ReplicaSet newRs = found.newRs();
        List<ReplicaSet> old = found.old();
        List<ReplicaSet> all = found.all();
        if (scaleDownOldReplicaSetsForRecreate(p, ReplicaSets.active(old))) {
            Progress.syncRolloutStatus(p, all, newRs);
            return;
        }
        if (oldPodsRunning(p, newRs, old)) {
            Progress.syncRolloutStatus(p, all, newRs);
            return;
        }
        if (newRs == null) {
            found = NewReplicaSet.getAllReplicaSetsAndSyncRevision(p, true);
            newRs = found.newRs();
            old = found.old();
            all = found.all();
        }
        scaleUpNewReplicaSetForRecreate(p, newRs);
        if (Conditions.deploymentComplete(p.d, p.status())) {
            HistoryCleanup.cleanupDeployment(p, old);
        }
        Progress.syncRolloutStatus(p, all, newRs);
    }

    /** recreate.go scaleDownOldReplicaSetsForRecreate: every active old ReplicaSet straight to 0. */
    private static boolean scaleDownOldReplicaSetsForRecreate(Pass p, List<ReplicaSet> activeOld) {
        boolean scaled = false;
        for (ReplicaSet rs : activeOld) {
            if (rs.specReplicas() == 0) {
                continue;
            }
            scaled |= p.scaleAndRecordEvent(rs, 0,
                    () -> "Recreate: every old pod stops before the new ReplicaSet starts").scaled();
        }
        return scaled;
    }

    /** recreate.go scaleUpNewReplicaSetForRecreate: the new ReplicaSet to spec.replicas. */
    private static void scaleUpNewReplicaSetForRecreate(Pass p, ReplicaSet newRs) {
        p.scaleAndRecordEvent(newRs, p.d.spec().replicasOrDefault(),
                () -> "Recreate: the old pods are gone, so the new ReplicaSet runs all the replicas");
    }

    /**
     * recreate.go oldPodsRunning: old pods still count while their ReplicaSets report replicas, or
     * while any pod owned by a ReplicaSet other than the new one is in a phase other than Failed or
     * Succeeded (terminating pods included: they are still in the pod list).
     */
    static boolean oldPodsRunning(Pass p, ReplicaSet newRs, List<ReplicaSet> old) {
        int running = runningOldPods(p, newRs, old);
        if (running > 0) {
            p.idleReason = "Recreate waits for " + running + " old pods to go";
        }
        return running > 0;
    }

    /** The old pods oldPodsRunning waits for: those their ReplicaSets count, else those in the pod list. */
    private static int runningOldPods(Pass p, ReplicaSet newRs, List<ReplicaSet> old) {
        int counted = ReplicaSets.actualSum(old);
        if (counted > 0 || p.pods == null) {
            return counted;
        }
        int running = 0;
        for (Pod pod : p.pods) {
            ReplicaSet owner = ownerOf(pod, p.rsList);
            if (owner == null || (newRs != null && ReplicaSets.sameObject(owner, newRs))) {
                continue;
            }
            String phase = pod.phase();
            if (!WellKnown.POD_FAILED.equals(phase) && !WellKnown.POD_SUCCEEDED.equals(phase)) {
                running++;
            }
        }
        return running;
    }

    /** The ReplicaSet of the pass whose controller reference the pod carries, or null. */
    private static ReplicaSet ownerOf(Pod pod, List<ReplicaSet> rss) {
        var ref = pod.metadata().controllerRef();
        if (ref == null) {
            return null;
        }
        for (ReplicaSet rs : rss) {
            boolean byUid = ref.uid() != null && ref.uid().equals(rs.metadata().uid());
            boolean byName = ref.uid() == null && Objects.equals(ref.name(), rs.name());
            if (byUid || byName) {
                return rs;
            }
        }
        return null;
    }
}
