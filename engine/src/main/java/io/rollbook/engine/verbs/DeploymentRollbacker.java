package io.rollbook.engine.verbs;

import io.rollbook.api.command.Outcome;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.engine.deployment.util.Annotations;
import io.rollbook.engine.deployment.util.OwnedReplicaSets;
import io.rollbook.engine.deployment.util.ReplicaSets;

import java.util.List;
import java.util.Map;

/**
 * {@code kubectl rollout undo}, as kubectl's rollback.go DeploymentRollbacker.Rollback does it on
 * the client: pick the revision, then patch the Deployment's template and annotations back to it.
 * The controller's next reconcile finds the old ReplicaSet template-equal, makes it the new one
 * and renumbers it (sync.go getNewReplicaSet): revisions 1, 2, 3, undo → 1, 3, 4.
 */
public final class DeploymentRollbacker {

    /** What undo does. */
    public sealed interface Result {
    }

    /** Replace spec.template and metadata.annotations with these. */
    public record Patch(long revision, ReplicaSet from, PodTemplateSpec template, Map<String, String> annotations)
            implements Result {
    }

    /** Nothing to do; {@code message} is what kubectl prints after the resource name. */
    public record Skipped(String message) implements Result {
    }

    /** Refused; {@code message} is what kubectl prints after {@code error: }. */
    public record Refused(Outcome.Reason reason, String message) implements Result {
    }

    private DeploymentRollbacker() {
    }

    /**
     * Plans an undo of {@code d} to {@code toRevision} (0 = the previous revision): the revision is
     * looked up first, then a paused Deployment is refused, then an equal template is skipped
     * (the message names the flag's value, so 0 when none was given), as kubectl orders them.
     *
     * @param replicaSets the Deployment's ReplicaSets
     */
    public static Result undo(Deployment d, List<ReplicaSet> replicaSets, long toRevision) {
        if (toRevision < 0) {
            return new Refused(Outcome.Reason.NotFound,
                    "unable to find specified revision " + toRevision + " in history");
        }
        ReplicaSet target;
        try {
            target = revision(d, OwnedReplicaSets.claim(d, replicaSets), toRevision);
        } catch (IllegalStateException e) {
            return new Refused(Outcome.Reason.NotFound, e.getMessage());
        }
        if (d.spec().isPaused()) {
            return new Refused(Outcome.Reason.Conflict, "you cannot rollback a paused deployment; resume it first with "
                    + "'kubectl rollout resume' and try again");
        }
        if (ReplicaSets.equalIgnoreHash(target.spec().template(), d.spec().template())) {
            return new Skipped("skipped rollback (current template already matches revision " + toRevision + ")");
        }
        return new Patch(Annotations.revision(target), target, ReplicaSets.withoutHash(target.spec().template()),
                Annotations.setDeploymentAnnotationsTo(d.metadata().annotations(), target.metadata().annotations()));
    }

    /**
     * kubectl's rollback.go deploymentRevision: the ReplicaSet of exactly that revision, or for 0
     * the one of the second-highest revision.
     *
     * @throws IllegalStateException with kubectl's message when there is none
     */
    private static ReplicaSet revision(Deployment d, List<ReplicaSet> rss, long toRevision) {
        ReplicaSet latest = null;
        long latestRevision = -1;
        ReplicaSet previous = null;
        long previousRevision = -1;
        for (ReplicaSet rs : rss) {
            Long v = Annotations.revisionOrNull(rs);
            if (v == null) {
                continue;
            }
            if (toRevision == 0) {
                if (latestRevision < v) {
                    previousRevision = latestRevision;
                    previous = latest;
                    latestRevision = v;
                    latest = rs;
                } else if (previousRevision < v) {
                    previousRevision = v;
                    previous = rs;
                }
            } else if (toRevision == v) {
                return rs;
            }
        }
        if (toRevision > 0) {
            throw new IllegalStateException("unable to find specified revision " + toRevision + " in history");
        }
        if (previous == null) {
            throw new IllegalStateException("no rollout history found for deployment \"" + d.metadata().name() + "\"");
        }
        return previous;
    }
}
