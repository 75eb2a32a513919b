package io.rollbook.projections.history;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.Revisions;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.state.RevisionOutcome;
import io.rollbook.projections.text.LineDiff;
import io.rollbook.projections.text.Printed;

import java.util.List;
import java.util.Map;

/**
 * {@code rollout undo --dry-run}: what kubectl's rollback.go prints for a client dry run (the pod
 * template of the revision it would restore, without the pod-template-hash label), then Rollbook's
 * diff of that template against the Deployment's current one. The revision is picked as kubectl's
 * deploymentRevision picks it (exactly N, or for 0 the second-highest), and a target whose
 * outcome is failed is refused unless {@code --force}, as the undo itself would be.
 */
public final class UndoDryRun {

    private UndoDryRun() {
    }

    /**
     * @param replicaSets the Deployment's ReplicaSets; only those it controls count
     * @param outcomes    how each revision ended, by revision
     */
    public static Printed render(Deployment d, List<ReplicaSet> replicaSets, long toRevision, boolean force,
                                 Map<Long, RevisionOutcome> outcomes) {
        String name = d.metadata().name();
        if (toRevision < 0) {
            return Printed.error("unable to find specified revision " + toRevision + " in history");
        }
        ReplicaSet target = revision(d, replicaSets, toRevision);
        if (target == null) {
            return Printed.error(toRevision > 0 ? "unable to find specified revision " + toRevision + " in history"
                    : "no rollout history found for deployment \"" + name + "\"");
        }
        long revision = Revisions.orZero(target.metadata());
        RevisionOutcome outcome = outcomes.get(revision);
        if (!force && outcome != null && RevisionOutcome.FAILED.equals(outcome.outcome())) {
            return Printed.error("revision " + revision + " failed at " + outcome.at() + " (" + outcome.reason()
                    + "); use --force to roll back to it anyway");
        }
        PodTemplateSpec restored = withoutHash(target.spec().template());
        String template = PodTemplateDescriber.describe(restored);
        String current = PodTemplateDescriber.describe(d.spec().template());
        return Printed.out("deployment.apps/" + name + " " + template
                + "Diff from the current template to revision " + revision + ":\n"
                + (current.equals(template) ? "  (none: the current template already matches)\n"
                : LineDiff.diff(current, template))
                + "(dry run)\n");
    }

    private static ReplicaSet revision(Deployment d, List<ReplicaSet> replicaSets, long toRevision) {
        ReplicaSet latest = null;
        ReplicaSet previous = null;
        for (ReplicaSet rs : replicaSets) {
            if (!RolloutHistory.controlledBy(rs, d) || rs.metadata().annotation(WellKnown.REVISION_ANNOTATION) == null) {
                continue;
            }
            long v = Revisions.orZero(rs.metadata());
            if (toRevision > 0 && v == toRevision) {
                return rs;
            }
            if (latest == null || v > Revisions.orZero(latest.metadata())) {
                previous = latest;
                latest = rs;
            } else if (previous == null || v > Revisions.orZero(previous.metadata())) {
                previous = rs;
            }
        }
        return toRevision > 0 ? null : previous;
    }

    private static PodTemplateSpec withoutHash(PodTemplateSpec t) {
        if (t == null || t.metadata().labels() == null) {
            return t;
        }
        return t.withMetadata(t.metadata().withLabels(Maps.without(t.metadata().labels(),
                WellKnown.POD_TEMPLATE_HASH_LABEL)));
    }

}
