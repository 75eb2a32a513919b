package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.engine.deployment.util.Annotations;
import io.rollbook.engine.deployment.util.ReplicaSets;

import java.util.ArrayList;
import java.util.List;

/**
 * sync.go cleanupDeployment: old ReplicaSets beyond revisionHistoryLimit go, oldest revision first,
 * once they hold no pods.
 */
final class HistoryCleanup {

    private HistoryCleanup() {
    }

    /**
     * sync.go cleanupDeployment: skipped without a limit (nil or MaxInt32); otherwise, of the old
     * ReplicaSets not being deleted, only the first (count − limit) by revision are looked at, and
     * each one that is fully scaled down and observed goes. One that still holds pods is passed
     * over without looking further, so fewer than count − limit may go in one pass.
     */
    static void cleanupDeployment(Pass p, List<ReplicaSet> old) {
        Integer limit = p.d.spec().revisionHistoryLimit();
        if (limit == null || limit == Integer.MAX_VALUE) {
            return;
        }
        List<ReplicaSet> cleanable = new ArrayList<>();
        for (ReplicaSet rs : old) {
            if (rs != null && rs.metadata().deletionTimestamp() == null) {
                cleanable.add(rs);
            }
        }
        int diff = cleanable.size() - limit;
        if (diff <= 0) {
            return;
        }
        cleanable.sort(ReplicaSets.BY_REVISION);
        for (int i = 0; i < diff; i++) {
            ReplicaSet rs = cleanable.get(i);
            // Only ReplicaSets with no pods left, whose status has caught up with their spec.
            if (rs.statusOrEmpty().replicas() != 0 || rs.specReplicas() != 0
                    || rs.metadata().generationOrZero() > rs.statusOrEmpty().observedGeneration()
                    || rs.metadata().deletionTimestamp() != null) {
                continue;
            }
            Long revision = Annotations.revisionOrNull(rs);
            p.actions.add(new Action.Delete(rs.name(), "revisionHistoryLimit " + limit + " with " + cleanable.size()
                    + " old ReplicaSets: revision " + (revision == null ? "?" : revision)
                    + " goes, it has no pods left"));
        }
    }
}
