package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.Pod;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.apiserver.Defaults;
import io.rollbook.engine.deployment.util.Fenceposts;
import io.rollbook.engine.deployment.util.OwnedReplicaSets;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One reconcile of one Deployment, as deployment_controller.go syncDeployment does it. The only
 * entry point to the Deployment controller's rules: the controller loop and {@code rollbook plan}
 * both call it.
 */
public final class Reconciler {

    private Reconciler() {
    }

    /**
     * Plans one pass.
     *
     * @param deployment  the Deployment as stored (defaults applied; not re-validated)
     * @param replicaSets ReplicaSets of its namespace; those it owns or may adopt are used
     * @param pods        pods of its namespace, or null when unknown (then only ReplicaSet status counts)
     * @param now         the controller's clock
     */
    public static Plan reconcile(Deployment deployment, List<ReplicaSet> replicaSets, List<Pod> pods, Instant now) {
        Objects.requireNonNull(now, "now");
        // Stored objects always carry the API server's defaults; a snapshot may leave them out.
        Deployment d = Defaults.apply(Objects.requireNonNull(deployment, "deployment"));
        Fenceposts fenceposts = Fenceposts.of(d);
        Pass p = new Pass(d, fenceposts, OwnedReplicaSets.claim(d, replicaSets),
                OwnedReplicaSets.inNamespace(d, replicaSets), pods, now);
        String error = null;
        try {
            syncDeployment(p);
        } catch (Pass.Stop stop) {
            error = stop.getMessage();
        }
        return new Plan(d.key(), p.path, fenceposts, p.actions, p.status(), p.deploymentAnnotations,
                p.events, p.requeueAfter, p.rolledBackTemplate, error, p.idleReason);
    }

    /**
     * deployment_controller.go syncDeployment, in its order: an empty selector does nothing; a
     * Deployment being deleted only gets status; the paused condition; paused → sync; the legacy
     * rollback annotation → rollback; a scaling event → sync; otherwise roll out by strategy.
     */
    private static void syncDeployment(Pass p) {
        if (p.d.spec().selector() == null || p.d.spec().selector().isEmpty()) {
            p.path = PlanPath.SELECTING_ALL;
            selectingAll(p);
            return;
        }
        if (p.d.metadata().deletionTimestamp() != null) {
            p.path = PlanPath.STATUS_ONLY;
            Sync.syncStatusOnly(p);
            return;
        }
        Sync.checkPausedConditions(p);
        if (p.d.spec().isPaused()) {
            p.path = PlanPath.PAUSED;
            Sync.sync(p);
            return;
        }
        if (p.d.metadata().annotation(WellKnown.ROLLBACK_TO_ANNOTATION) != null) {
            p.path = PlanPath.ROLLBACK;
            LegacyRollback.rollback(p);
            return;
        }
        p.path = PlanPath.SCALING;
        if (Sync.isScalingEvent(p)) {
            Sync.sync(p);
            return;
        }
        if (Fenceposts.isRollingUpdate(p.d)) {
            p.path = PlanPath.ROLLOUT_ROLLING;
            RollingUpdate.rolloutRolling(p);
        } else if (p.d.spec().strategy() != null && p.d.spec().strategy().isRecreate()) {
            p.path = PlanPath.ROLLOUT_RECREATE;
            Recreate.rolloutRecreate(p);
        } else {
            throw new Pass.Stop("unexpected strategy type: " + p.d.spec().strategy());
        }
    }

    /**
     * The empty-selector branch of syncDeployment: a warning, and observedGeneration caught up, so
     * that {@code rollout status} does not wait for ever.
     */
    private static void selectingAll(Pass p) {
        p.events.add(KubeEvent.warning(WellKnown.SELECTING_ALL_REASON,
                "This deployment is selecting all pods. A non-empty selector is required."));
        DeploymentStatus status = p.status();
        if (status.observedGeneration() < p.d.metadata().generationOrZero()) {
            p.writeStatus(status.withObservedGeneration(p.d.metadata().generationOrZero()));
        }
    }
}
