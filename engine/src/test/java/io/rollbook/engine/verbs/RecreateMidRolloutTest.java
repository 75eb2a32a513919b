package io.rollbook.engine.verbs;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.Restart;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What upstream does when a rolling update is switched to Recreate while replicas change: every
 * sync is a scaling event (an active ReplicaSet's desired-replicas differs from spec.replicas), and
 * sync.go {@code scale} resizes only a lone active ReplicaSet or old ones beside a saturated new one,
 * and proportionally only for RollingUpdate; for Recreate it does nothing, so both ReplicaSets stay
 * up and the Deployment never completes. Rollbook keeps that, as the controller would; a user gets
 * out of it by scaling to the size the ReplicaSets were last sized for, or by a new template.
 */
class RecreateMidRolloutTest {

    private static Deployment manifest(int replicas, String strategy) throws Exception {
        return (Deployment) Manifests.parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: prop}\nspec:\n"
                + "  replicas: " + replicas + "\n  selector: {matchLabels: {app: prop}}\n  strategy: " + strategy
                + "\n  template:\n    metadata: {labels: {app: prop}}\n"
                + "    spec: {containers: [{name: app, image: \"img:v2\"}]}\n").get(0);
    }

    @Test
    void switchingToRecreateWhileResizingMidRolloutLeavesBothReplicaSetsUpAsTheControllerDoes() throws Exception {
        Simulation sim = new Simulation("prop");
        sim.apply(manifest(3, "{rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}"));
        sim.settle();
        sim.send(new Restart()); // revision 2 surges one pod, revision 1 still at 3
        assertThat(sim.state.replicaSets()).extracting(ReplicaSet::specReplicas).containsExactly(3, 1);

        sim.send(new Apply(manifest(0, "{type: Recreate}"))); // the template without restartedAt: revision 1 again
        sim.settle();

        assertThat(sim.state.replicaSets()).extracting(ReplicaSet::specReplicas).containsExactly(3, 1);
        assertThat(sim.state.pods()).hasSize(4);

        sim.send(new Apply(manifest(2, "{type: Recreate}")));
        sim.settle();
        assertThat(sim.state.replicaSets()).extracting(ReplicaSet::specReplicas).containsExactly(3, 1)
                .as("still a scaling event: desired-replicas is 3 on both");

        sim.send(new Apply(manifest(3, "{type: Recreate}"))); // no scaling event now: the Recreate rollout runs
        sim.settle();
        assertThat(sim.state.replicaSets()).extracting(ReplicaSet::specReplicas).containsExactly(3, 0);
        assertThat(sim.state.pods()).hasSize(3);
    }
}
