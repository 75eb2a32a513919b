package io.rollbook.projections.replay;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.state.ConfigObjectState;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.objects.Subjects;
import io.rollbook.projections.objects.Workload;

import java.util.List;
import java.util.function.Predicate;

/**
 * Re-folds one aggregate's log up to a {@link ReplayPoint}. Pure: the log in, a snapshot out. Works
 * for revisions whose ReplicaSet history cleanup deleted long ago, because it replays the events
 * rather than reading the objects that are left.
 */
public final class Replayer {

    private Replayer() {
    }

    /**
     * Replays {@code log} (one aggregate's envelopes in sequence order) up to {@code point}.
     *
     * @throws ReplayException when the point names no state of that object
     */
    public static ReplayResult replay(ObjectRef object, List<EventEnvelope> log, ReplayPoint point) {
        if (point instanceof ReplayPoint.ToRevision r) {
            int count = revisionPoint(object, log, r.revision());
            return fold(object, log, point, log.subList(0, count));
        }
        if (point instanceof ReplayPoint.AtTime t) {
            return fold(object, log, point, select(log, e -> e.time() != null && !e.time().isAfter(t.time())));
        }
        long wanted = ((ReplayPoint.AtOffset) point).count();
        if (wanted > log.size()) {
            throw new ReplayException("offset " + wanted + " is past the end of the log of "
                    + Subjects.display(object) + " (" + log.size() + " events)");
        }
        return fold(object, log, point, select(log, e -> e.sequence() < wanted));
    }

    private static ReplayResult fold(ObjectRef object, List<EventEnvelope> log, ReplayPoint point,
                                     List<EventEnvelope> events) {
        if (object.isConfig()) {
            return foldConfig(object, log, point, events);
        }
        WorkloadState fold = new WorkloadState(object.aggregateId());
        events.forEach(fold::apply);
        Workload state = Workload.of(fold);
        if (!state.exists()) {
            throw new ReplayException(Subjects.display(object) + " did not exist at " + point.describe()
                    + " (after " + events.size() + " of " + log.size() + " events)");
        }
        EventEnvelope last = events.isEmpty() ? null : events.get(events.size() - 1);
        return new ReplayResult(object, point, state, events.size(), log.size(), last);
    }

    /** A Namespace, NetworkPolicy or NetworkAttachmentDefinition as its own log left it at the point. */
    private static ReplayResult foldConfig(ObjectRef object, List<EventEnvelope> log, ReplayPoint point,
                                           List<EventEnvelope> events) {
        ConfigObjectState config = new ConfigObjectState();
        events.forEach(e -> config.apply(e.data()));
        KubeObject manifest = config.object();
        if (manifest == null) {
            throw new ReplayException(Subjects.display(object) + " did not exist at " + point.describe()
                    + " (after " + events.size() + " of " + log.size() + " events)");
        }
        EventEnvelope last = events.isEmpty() ? null : events.get(events.size() - 1);
        Workload empty = Workload.of(new WorkloadState(object.aggregateId()));
        return new ReplayResult(object, point, empty, events.size(), log.size(), last, manifest);
    }

    /** The number of events to fold for {@code --to-revision N} (see {@link ReplayPoint.ToRevision}). */
    private static int revisionPoint(ObjectRef object, List<EventEnvelope> log, long revision) {
        if (!ObjectRef.DEPLOYMENT.equals(object.kind())) {
            throw new ReplayException("--to-revision applies to Deployments only, not " + Subjects.display(object));
        }
        WorkloadState fold = new WorkloadState(object.aggregateId());
        int completedAt = -1;
        int current = -1;
        int annotated = -1;
        boolean completed = false;
        for (int i = 0; i < log.size(); i++) {
            EventEnvelope e = log.get(i);
            fold.apply(e);
            if (e.data() instanceof RolloutCompleted c && c.revision() == revision) {
                completed = true;
            }
            Deployment d = fold.deployment();
            if (d == null || !String.valueOf(revision).equals(d.metadata().annotation(WellKnown.REVISION_ANNOTATION))) {
                continue;
            }
            annotated = i;
            if (runs(fold, d, revision)) {
                current = i;
                completedAt = completed ? i : completedAt;
            }
        }
        int last = completedAt >= 0 ? completedAt : current >= 0 ? current : annotated;
        if (last < 0) {
            throw new ReplayException("unable to find revision " + revision + " in the log of "
                    + Subjects.display(object));
        }
        return last + 1;
    }

    /** Revision N runs: a ReplicaSet holds N and its template is the Deployment's, ignoring the hash label. */
    private static boolean runs(WorkloadState fold, Deployment d, long revision) {
        PodTemplateSpec wanted = withoutHash(d.spec().template());
        for (ReplicaSet rs : fold.replicaSets()) {
            if (String.valueOf(revision).equals(rs.metadata().annotation(WellKnown.REVISION_ANNOTATION))
                    && withoutHash(rs.spec().template()).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static PodTemplateSpec withoutHash(PodTemplateSpec t) {
        if (t == null) {
            return new PodTemplateSpec(null, null);
        }
        return t.withMetadata(t.metadata().withLabels(Maps.without(t.metadata().labels(),
                WellKnown.POD_TEMPLATE_HASH_LABEL)));
    }

    private static List<EventEnvelope> select(List<EventEnvelope> log, Predicate<EventEnvelope> included) {
        return log.stream().filter(included).toList();
    }
}
