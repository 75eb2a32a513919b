package io.rollbook.projections.objects;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.RevisionOutcome;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.value.ObjectRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of one aggregate: a Deployment with its ReplicaSets and pods, or a bare
 * ReplicaSet with its pods, as the one fold ({@link WorkloadState}) left it.
 *
 * @param object             the aggregate's object (kind Deployment or ReplicaSet)
 * @param deployment         the Deployment with its status; null for a bare ReplicaSet, or when deleted
 * @param replicaSets        in creation order
 * @param completedRevision  the last revision whose rollout completed, 0 when none
 * @param revisionOutcomes   how each revision ended, by revision ({@link RevisionOutcome})
 */
public record Workload(ObjectRef object, Deployment deployment, List<ReplicaSet> replicaSets, List<PodView> pods,
                       long completedRevision, Map<Long, RevisionOutcome> revisionOutcomes) {

    public Workload {
        revisionOutcomes = Map.copyOf(revisionOutcomes);
        replicaSets = List.copyOf(replicaSets);
        pods = List.copyOf(pods);
    }

    /** A snapshot of {@code state}; its pods are in the aggregate's namespace. */
    public static Workload of(WorkloadState state) {
        String namespace = state.object().namespace();
        List<PodView> pods = new ArrayList<>();
        for (PodState p : state.pods()) {
            pods.add(PodView.of(p, namespace));
        }
        return new Workload(state.object(), state.deployment(), state.replicaSets(), pods,
                state.completedRevision(), state.revisionOutcomes());
    }

    /** Whether the aggregate's own object exists at this point. */
    public boolean exists() {
        if (ObjectRef.DEPLOYMENT.equals(object.kind())) {
            return deployment != null;
        }
        return replicaSet(object.name()).isPresent();
    }

    public Optional<ReplicaSet> replicaSet(String name) {
        return replicaSets.stream().filter(rs -> name.equals(rs.name())).findFirst();
    }

    public List<PodView> podsOf(String replicaSet) {
        return pods.stream().filter(p -> replicaSet.equals(p.replicaSet())).toList();
    }
}
