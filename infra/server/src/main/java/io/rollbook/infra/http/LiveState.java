package io.rollbook.infra.http;

import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentStrategy;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.ProjectionStore;
import io.rollbook.projections.history.RevisionRecord;
import io.rollbook.projections.objects.PodView;
import io.rollbook.projections.status.RolloutStatus;
import io.rollbook.projections.status.Explain;
import io.rollbook.projections.status.RolloutStatusResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the live page shows, read from the projections in one go: each Deployment with its revision,
 * pod counts split into old / new starting / new available, its pods, ReplicaSets, conditions and
 * revision timeline, and for one that is not complete {@code rollbook explain}'s lines (why it is
 * where it is), plus bare ReplicaSets and the latest events.
 */
public record LiveState(long position, List<DeploymentView> deployments, List<ReplicaSetView> bareReplicaSets,
                        List<RecentEvents.Item> events) {

    /** Pods shown as dots per Deployment; more are counted in the bar only. */
    static final int MAX_PODS = 200;

    /**
     * @param state Complete, Progressing, Paused or Failed (progress deadline exceeded)
     * @param bar     pod counts of the rollout, see {@link Bar}
     * @param explain why a Deployment that is not Complete is where it is ({@link Explain}); empty when Complete
     */
    public record DeploymentView(String namespace, String name, long revision, String state, String message,
                                 String strategy, List<String> images, int desired, int replicas, int updated,
                                 int ready, int available, int unavailable, Bar bar,
                                 List<DeploymentCondition> conditions, List<ReplicaSetView> replicaSets,
                                 List<PodDot> pods, List<RevisionView> revisions,
                                 List<String> explain) {
    }

    /**
     * @param old       pods of the old ReplicaSets
     * @param starting  pods of the new ReplicaSet not yet available
     * @param available pods of the new ReplicaSet that are available
     */
    public record Bar(int old, int starting, int available, int terminating) {
    }

    public record ReplicaSetView(String namespace, String name, long revision, int desired, int replicas, int ready,
                                 int available, boolean current) {
    }

    /** @param state Pending, Running, Ready, Terminating or Failed */
    public record PodDot(String name, String replicaSet, boolean current, String state, String node) {
    }

    public record RevisionView(long revision, String replicaSet, List<String> images, Instant createdAt,
                               String changeCause, String actor, boolean live, boolean current, Long reactivatedFrom,
                               Instant deletedAt) {
    }

    /** @param now the explanations' now (how long a pod has not been ready, the time left to the deadline) */
    public static LiveState of(ProjectionStore store, RecentEvents events, Instant now) {
        long position = store.position();
        Map<String, List<PodView>> podsByRs = new HashMap<>();
        for (PodView p : store.pods(null)) {
            podsByRs.computeIfAbsent(p.namespace() + "/" + p.replicaSet(), k -> new ArrayList<>()).add(p);
        }
        List<DeploymentView> deployments = new ArrayList<>();
        for (Deployment d : store.deployments(null)) {
            deployments.add(deployment(store, d, podsByRs, now));
        }
        List<ReplicaSetView> bare = store.replicaSets(null).stream().filter(rs -> rs.metadata().controllerRef() == null)
                .map(rs -> replicaSet(rs, false)).toList();
        return new LiveState(position, deployments, bare, events.latest());
    }

    private static DeploymentView deployment(ProjectionStore store, Deployment d, Map<String, List<PodView>> podsByRs,
                                             Instant now) {
        String ns = namespace(d.metadata().namespace());
        String name = d.metadata().name();
        long revision = number(d.metadata().annotation(WellKnown.REVISION_ANNOTATION));
        List<ReplicaSetView> sets = new ArrayList<>();
        List<PodDot> dots = new ArrayList<>();
        int old = 0;
        int starting = 0;
        int available = 0;
        int terminating = 0;
        for (ReplicaSet rs : store.replicaSetsOf(ns, name)) {
            boolean current = revision > 0
                    && number(rs.metadata().annotation(WellKnown.REVISION_ANNOTATION)) == revision;
            sets.add(replicaSet(rs, current));
            var status = rs.statusOrEmpty();
            if (current) {
                available += status.availableReplicas();
                starting += Math.max(0, status.replicas() - status.availableReplicas());
            } else {
                old += status.replicas();
            }
            for (PodView p : podsByRs.getOrDefault(ns + "/" + rs.name(), List.of())) {
                terminating += p.terminating() ? 1 : 0;
                if (dots.size() < MAX_PODS) {
                    dots.add(new PodDot(p.name(), rs.name(), current, podState(p), p.node()));
                }
            }
        }
        var status = d.statusOrEmpty();
        RolloutStatusResult rollout = RolloutStatus.evaluate(d, 0);
        String state = rollout.error() ? "Failed" : d.spec().isPaused() ? "Paused" : rollout.done() ? "Complete"
                : "Progressing";
        List<RevisionView> revisions = store.revisions(ns, name).stream().map(r -> revision(r, revision)).toList();
        ObjectRef ref = ObjectRef.deployment(ns, name);
        List<String> explain = state.equals("Complete") ? List.of() : store.workload(ref)
                .filter(w -> w.deployment() != null).map(w -> Explain.lines(w, store.retained(ref), now)).orElse(List.of());
        return new DeploymentView(ns, name, revision, state, rollout.message(), strategy(d.spec().strategy()),
                images(d.spec().template()), d.spec().replicasOrDefault(), status.replicas(), status.updatedReplicas(),
                status.readyReplicas(), status.availableReplicas(), status.unavailableReplicas(),
                new Bar(old, starting, available, terminating), status.conditions(), sets, dots, revisions, explain);
    }

    private static ReplicaSetView replicaSet(ReplicaSet rs, boolean current) {
        var s = rs.statusOrEmpty();
        return new ReplicaSetView(namespace(rs.metadata().namespace()), rs.name(),
                number(rs.metadata().annotation(WellKnown.REVISION_ANNOTATION)), rs.specReplicas(), s.replicas(),
                s.readyReplicas(), s.availableReplicas(), current);
    }

    private static RevisionView revision(RevisionRecord r, long current) {
        return new RevisionView(r.revision(), r.replicaSet(), r.images(), r.createdAt(), r.changeCause(), r.actor(),
                r.live(), r.revision() == current, r.reactivatedFrom(), r.deletedAt());
    }

    private static String podState(PodView p) {
        if (p.terminating()) {
            return "Terminating";
        }
        if (WellKnown.POD_FAILED.equals(p.phase())) {
            return WellKnown.POD_FAILED;
        }
        return p.ready() ? WellKnown.POD_READY : p.started() ? WellKnown.POD_RUNNING : WellKnown.POD_PENDING;
    }

    private static String strategy(DeploymentStrategy s) {
        if (s == null || s.type() == null) {
            return "RollingUpdate";
        }
        if (!s.isRollingUpdate() || s.rollingUpdate() == null) {
            return s.type();
        }
        return s.type() + " (maxSurge " + Objects.toString(s.rollingUpdate().maxSurge(), "25%") + ", maxUnavailable "
                + Objects.toString(s.rollingUpdate().maxUnavailable(), "25%") + ")";
    }

    private static List<String> images(PodTemplateSpec template) {
        if (template == null || template.spec() == null || template.spec().containers() == null) {
            return List.of();
        }
        return template.spec().containers().stream().map(Container::image).filter(Objects::nonNull).toList();
    }

    private static String namespace(String ns) {
        return ns == null ? "default" : ns;
    }

    private static long number(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
