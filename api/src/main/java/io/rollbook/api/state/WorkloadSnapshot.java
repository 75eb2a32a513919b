package io.rollbook.api.state;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.value.NetworkInterface;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a {@link WorkloadState} keeps, as a value the snapshot codec ({@link Snapshots}) writes:
 * {@code WorkloadState.of(state.snapshot())} is a state equal to {@code state}, field by field and in
 * the same orders. Pods name their ReplicaSet's pod template by its index in {@link #templates}
 * (every pod of a ReplicaSet has the same one: a snapshot holds it once, not once per pod).
 *
 * @param aggregate        the aggregate id ({@code ns/name} or {@code ns/replicasets/name})
 * @param deployment       the Deployment with its status, or null
 * @param replicaSets      the ReplicaSets, in the state's order
 * @param templates        the distinct pod templates the pods were created with
 * @param pods             the pods, in the state's order
 * @param podsByReplicaSet each ReplicaSet's pod names, in the state's order (a pod created twice moves)
 * @param podOrdinals      the ordinal of each ReplicaSet's next pod
 * @param revisionOutcomes how each revision ended, ascending
 * @param deadlineHandled  revisions whose exceeded deadline the engine acted on
 * @param automaticRollbacks revisions an automatic rollback started
 */
public record WorkloadSnapshot(String aggregate, Deployment deployment, List<ReplicaSet> replicaSets,
                               List<PodTemplateSpec> templates, List<Pod> pods,
                               Map<String, List<String>> podsByReplicaSet, Map<String, Integer> podOrdinals,
                               Instant wakeUpAt, long completedRevision, List<RevisionOutcome> revisionOutcomes,
                               List<Long> deadlineHandled, List<Long> automaticRollbacks, CanaryState canary) {

    /** A {@link PodState} with its template as an index into {@link #templates} (-1: none). */
    public record Pod(String name, String replicaSet, String ownerUid, int template, String node, String phase,
                      String reason, Instant createdAt, Instant startedAt, Instant readySince,
                      Instant deletionTimestamp, String ip, List<NetworkInterface> networks, int restartCount,
                      String waiting) {
    }

    /**
     * Checks what a decoded snapshot must hold for {@link WorkloadState#of} to make a state: lists
     * present, every pod's template index in range, every pod a ReplicaSet lists a known pod.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public WorkloadSnapshot {
        if (aggregate == null || aggregate.isBlank()) {
            throw new IllegalArgumentException("a workload snapshot names its aggregate");
        }
        replicaSets = orEmpty(replicaSets);
        templates = orEmpty(templates);
        pods = orEmpty(pods);
        podsByReplicaSet = podsByReplicaSet == null ? Map.of() : podsByReplicaSet;
        podOrdinals = podOrdinals == null ? Map.of() : podOrdinals;
        revisionOutcomes = orEmpty(revisionOutcomes);
        deadlineHandled = orEmpty(deadlineHandled);
        automaticRollbacks = orEmpty(automaticRollbacks);
        Set<String> names = new HashSet<>();
        for (Pod p : pods) {
            if (p == null || p.name() == null || p.template() < -1 || p.template() >= templates.size()) {
                throw new IllegalArgumentException("snapshot of " + aggregate + ": pod " + (p == null ? null : p.name())
                        + " is incomplete or names template " + (p == null ? null : p.template()) + " of "
                        + templates.size());
            }
            names.add(p.name());
        }
        for (Map.Entry<String, List<String>> e : podsByReplicaSet.entrySet()) {
            if (e.getValue() == null || !names.containsAll(e.getValue())) {
                throw new IllegalArgumentException("snapshot of " + aggregate + ": ReplicaSet " + e.getKey()
                        + " lists a pod the snapshot does not hold");
            }
        }
    }

    static WorkloadSnapshot of(String aggregate, Deployment deployment, Collection<ReplicaSet> replicaSets,
                               Collection<PodState> pods, Map<String, List<String>> podsByReplicaSet,
                               Map<String, Integer> podOrdinals, Instant wakeUpAt, long completedRevision,
                               Collection<RevisionOutcome> outcomes, List<Long> deadlineHandled,
                               List<Long> automaticRollbacks, CanaryState canary) {
        List<PodTemplateSpec> templates = new ArrayList<>();
        Map<PodTemplateSpec, Integer> index = new HashMap<>();
        List<Pod> out = new ArrayList<>(pods.size());
        for (PodState p : pods) {
            int t = p.template() == null ? -1 : index.computeIfAbsent(p.template(), k -> {
                templates.add(k);
                return templates.size() - 1;
            });
            out.add(new Pod(p.name(), p.replicaSet(), p.ownerUid(), t, p.node(), p.phase(), p.reason(), p.createdAt(),
                    p.startedAt(), p.readySince(), p.deletionTimestamp(), p.ip(), p.networks(), p.restartCount(),
                    p.waiting()));
        }
        return new WorkloadSnapshot(aggregate, deployment, List.copyOf(replicaSets), templates, out, podsByReplicaSet,
                new java.util.LinkedHashMap<>(podOrdinals), wakeUpAt, completedRevision, List.copyOf(outcomes), deadlineHandled,
                automaticRollbacks, canary);
    }

    /** The pods as the state holds them, templates resolved. */
    List<PodState> podStates() {
        List<PodState> out = new ArrayList<>(pods.size());
        for (Pod p : pods) {
            out.add(new PodState(p.name(), p.replicaSet(), p.ownerUid(), p.template() < 0 ? null : templates.get(p.template()),
                    p.node(), p.phase(), p.reason(), p.createdAt(), p.startedAt(), p.readySince(),
                    p.deletionTimestamp(), p.ip(), p.networks(), p.restartCount(), p.waiting()));
        }
        return out;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
