package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.engine.deployment.util.Fenceposts;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one reconcile of one Deployment: what {@code rollbook plan} prints
 * (docs/contract.md, "plan").
 *
 * @param deployment            {@code namespace/name}
 * @param path                  the sync-loop branch taken
 * @param fenceposts            resolved maxSurge/maxUnavailable before clamping (0/0 for Recreate)
 * @param actions               ReplicaSet changes, in order
 * @param status                the status written at the end of the pass, or the stored one if none is written
 * @param deploymentAnnotations Deployment annotations the pass set (changed values only)
 * @param events                Kubernetes events recorded, in order
 * @param requeueAfter          when the controller would look again for the progress deadline
 *                              (progress.go requeueStuckDeployment), or null
 * @param deploymentTemplate    the template the legacy rollback path wrote back to the Deployment, or null
 * @param error                 why the pass stopped early (for example a hash collision), or null
 * @param idleReason            what a rollout pass waits for when its rollout step could move nothing
 *                              (old pods of a Recreate, maxScaledDown at 0), or null; each action
 *                              carries its own reason
 */
public record Plan(
        String deployment,
        PlanPath path,
        Fenceposts fenceposts,
        List<Action> actions,
        DeploymentStatus status,
        Map<String, String> deploymentAnnotations,
        List<KubeEvent> events,
        Duration requeueAfter,
        PodTemplateSpec deploymentTemplate,
        String error,
        String idleReason) {

    public Plan {
        actions = List.copyOf(actions);
        deploymentAnnotations = deploymentAnnotations.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(deploymentAnnotations));
        events = List.copyOf(events);
    }
}
