package io.rollbook.projections.status;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.projections.objects.ObjectTables;
import io.rollbook.projections.text.Printed;

/**
 * {@code kubectl rollout status} for a Deployment: kubectl's rollout_status.go DeploymentStatusViewer,
 * message for message (a Rollbook canary in progress adds its step and weights to the waiting line).
 * Decides from the Deployment alone (generation,
 * observedGeneration, spec.replicas, the counts and the Progressing reason); never reads a clock.
 * Watching (re-evaluating on each change, {@code --timeout}) is the caller's.
 */
public final class RolloutStatus {

    private RolloutStatus() {
    }

    /**
     * Evaluates {@code d} once.
     *
     * @param revision {@code --revision}: 0 when not given; negative is refused as kubectl's flag
     *                 validation does
     */
    public static RolloutStatusResult evaluate(Deployment d, long revision) {
        if (revision < 0) {
            return RolloutStatusResult.failure("revision must be a positive integer: " + revision);
        }
        String name = d.metadata().name();
        if (revision > 0) {
            RolloutStatusResult mismatch = checkRevision(d, revision);
            if (mismatch != null) {
                return mismatch;
            }
        }
        DeploymentStatus status = d.statusOrEmpty();
        if (d.metadata().generationOrZero() > status.observedGeneration()) {
            return RolloutStatusResult.waiting("Waiting for deployment spec update to be observed...");
        }
        DeploymentCondition progressing = status.condition(WellKnown.DEPLOYMENT_PROGRESSING);
        if (progressing != null && WellKnown.TIMED_OUT_REASON.equals(progressing.reason())) {
            return RolloutStatusResult.failure("deployment " + quote(name) + " exceeded its progress deadline");
        }
        String waiting = "Waiting for deployment " + quote(name) + " rollout to finish: ";
        int desired = d.spec().replicasOrDefault();
        if (status.updatedReplicas() < desired) {
            return RolloutStatusResult.waiting(waiting + status.updatedReplicas() + " out of " + desired
                    + " new replicas have been updated..." + canary(d));
        }
        if (status.replicas() > status.updatedReplicas()) {
            return RolloutStatusResult.waiting(waiting + (status.replicas() - status.updatedReplicas())
                    + " old replicas are pending termination..." + canary(d));
        }
        if (status.availableReplicas() < status.updatedReplicas()) {
            return RolloutStatusResult.waiting(waiting + status.availableReplicas() + " of "
                    + status.updatedReplicas() + " updated replicas are available..." + canary(d));
        }
        return RolloutStatusResult.success("deployment " + quote(name) + " successfully rolled out");
    }

    /**
     * Rollbook's canary, after kubectl's waiting line while one is in progress: {@code  canary step 3 of
     * 6 (pause: {duration: 30s}): asked 20% (2 of 10 pods), reached 20% (2 of 10 ready pods are new)}.
     */
    private static String canary(Deployment d) {
        String weight = d.metadata().annotation(WellKnown.CANARY_WEIGHT_ANNOTATION);
        String status = d.metadata().annotation(WellKnown.CANARY_STATUS_ANNOTATION);
        return weight == null || "100".equals(weight) || status == null ? "" : " canary " + status;
    }

    /** The Deployment was deleted while kubectl watched it. */
    public static RolloutStatusResult deleted() {
        return RolloutStatusResult.failure("object has been deleted");
    }

    /** No such Deployment: kubectl's note on stderr, exit status 1. */
    public static Printed notFound(String namespace) {
        return new Printed("", ObjectTables.noResources(namespace) + "\n", 1);
    }

    private static RolloutStatusResult checkRevision(Deployment d, long wanted) {
        String value = d.metadata().annotation(WellKnown.REVISION_ANNOTATION);
        long running;
        try {
            running = value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return RolloutStatusResult.failure("cannot get the revision of deployment " + quote(d.metadata().name())
                    + ": strconv.ParseInt: parsing " + quote(value) + ": invalid syntax");
        }
        if (running != wanted) {
            return RolloutStatusResult.failure("desired revision (" + wanted
                    + ") is different from the running revision (" + running + ")");
        }
        return null;
    }

    /** Go's %q for the names Kubernetes allows (no characters that need escaping beyond quotes). */
    private static String quote(String s) {
        return "\"" + (s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"";
    }
}
