package io.rollbook.engine.verbs;

import io.rollbook.api.command.Scale;
import io.rollbook.api.command.Undo;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.WellKnown;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The revision annotation is the controller's, but a manifest may carry anything in it: a created
 * paused Deployment keeps what was applied (no new ReplicaSet, so nothing syncs the revision), and
 * commands on it are decided as on one without a revision (deployment_util.go Revision's error is
 * skipped), never failing the command handler.
 */
class RevisionAnnotationTest {

    @Test
    void aPausedDeploymentWithAnUnparsableRevisionStillTakesCommands() throws Exception {
        Simulation sim = new Simulation("nginx-deployment");
        Deployment d = Simulation.example("nginx-deployment.yaml");
        d = d.withSpec(d.spec().withPaused(true)).withMetadata(d.metadata().withAnnotations(
                Maps.with(d.metadata().annotations(), WellKnown.REVISION_ANNOTATION, "not-a-number")));
        sim.apply(d);

        Decision scaled = sim.send(new Scale(5));

        assertThat(scaled.revision()).isNull();
        assertThat(sim.state.deployment().spec().replicas()).isEqualTo(5);
        assertThat(catchThrowable(() -> sim.send(new Undo(0, false)))).isInstanceOf(Rejection.class);
    }
}
