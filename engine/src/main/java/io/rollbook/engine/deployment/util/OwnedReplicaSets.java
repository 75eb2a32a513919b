package io.rollbook.engine.deployment.util;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.OwnerReference;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which ReplicaSets belong to a Deployment: the controller's claim (deployment_controller.go
 * getReplicaSetsForDeployment, with controller_ref_manager.go ClaimReplicaSets), which kubectl's
 * rollback also reads.
 */
public final class OwnedReplicaSets {

    private OwnedReplicaSets() {
    }

    /**
     * The ReplicaSets this Deployment owns (controller reference to it), plus orphans it adopts
     * (no controller, labels matching its selector); owned ones whose labels no longer match are
     * released.
     */
    public static ArrayList<ReplicaSet> claim(Deployment d, List<ReplicaSet> replicaSets) {
        ArrayList<ReplicaSet> owned = new ArrayList<>(replicaSets.size());
        var selector = d.spec().selector();
        for (ReplicaSet rs : replicaSets) {
            if (!Objects.equals(namespace(rs.metadata().namespace()), namespace(d.metadata().namespace()))) {
                continue;
            }
            OwnerReference ref = rs.metadata().controllerRef();
            boolean matches = selector != null && !selector.isEmpty() && selector.matches(rs.metadata().labels());
            if (ref == null) {
                if (matches && rs.metadata().deletionTimestamp() == null && d.metadata().deletionTimestamp() == null) {
                    owned.add(rs);
                }
            } else if (isOwner(ref, d) && matches) {
                owned.add(rs);
            }
        }
        return owned;
    }

    /** Every ReplicaSet of the Deployment's namespace, owned or not. */
    public static List<ReplicaSet> inNamespace(Deployment d, List<ReplicaSet> replicaSets) {
        List<ReplicaSet> out = new ArrayList<>(replicaSets.size());
        for (ReplicaSet rs : replicaSets) {
            if (Objects.equals(namespace(rs.metadata().namespace()), namespace(d.metadata().namespace()))) {
                out.add(rs);
            }
        }
        return out;
    }

    /** Whether {@code ref} names {@code d}: by uid when both have one, else by kind and name. */
    public static boolean isOwner(OwnerReference ref, Deployment d) {
        if (ref.uid() != null && d.metadata().uid() != null) {
            return ref.uid().equals(d.metadata().uid());
        }
        return Deployment.KIND.equals(ref.kind()) && Objects.equals(ref.name(), d.metadata().name());
    }

    private static String namespace(String ns) {
        return ns == null || ns.isEmpty() ? WellKnown.DEFAULT_NAMESPACE : ns;
    }
}
