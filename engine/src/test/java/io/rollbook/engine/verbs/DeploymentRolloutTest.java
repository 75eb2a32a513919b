package io.rollbook.engine.verbs;

import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Pause;
import io.rollbook.api.command.Resume;
import io.rollbook.api.command.Scale;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.command.Undo;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.ReplicaSetScaled;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.manifest.WellKnown;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentRolloutTest {

    @Test
    void nginxRollsOverWithinSurgeAndUnavailability() throws Exception {
        Simulation sim = new Simulation("nginx-deployment");
        sim.afterEachCommand = DeploymentRolloutTest::checkFenceposts;

        assertThat(sim.apply(Simulation.example("nginx-deployment.yaml")).message())
                .isEqualTo("deployment.apps/nginx-deployment created");
        sim.settle();
        assertThat(sim.log).filteredOn(e -> e instanceof RolloutCompleted).hasSize(1);

        Decision d = sim.send(new SetImage(Map.of("nginx", "nginx:1.16.1")));
        assertThat(d.message()).isEqualTo("deployment.apps/nginx-deployment image updated");
        assertThat(d.revision()).isEqualTo(2L);
        sim.settle();

        assertThat(sim.log).filteredOn(e -> e instanceof RolloutCompleted).hasSize(2);
        assertThat(sim.state.replicaSets()).extracting(ReplicaSet::specReplicas).containsExactly(0, 3);
        assertThat(sim.state.pods()).hasSize(3);
        assertThat(sim.log).filteredOn(e -> e instanceof ReplicaSetScaled).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void undoRenumbersTheOldRevision() throws Exception {
        Simulation sim = new Simulation("nginx-deployment");
        sim.apply(Simulation.example("nginx-deployment.yaml"));
        sim.settle();
        sim.send(new SetImage(Map.of("nginx", "nginx:1.16.1")));
        sim.settle();

        Decision undo = sim.send(new Undo(0));
        sim.settle();

        assertThat(undo.message()).isEqualTo("deployment.apps/nginx-deployment rolled back");
        assertThat(sim.log).filteredOn(e -> e instanceof ReplicaSetCreated).hasSize(2);
        ReplicaSet first = sim.state.replicaSets().get(0);
        assertThat(first.metadata().annotation(WellKnown.REVISION_ANNOTATION)).isEqualTo("3");
        assertThat(first.metadata().annotation(WellKnown.REVISION_HISTORY_ANNOTATION)).isEqualTo("1");
        assertThat(first.specReplicas()).isEqualTo(3);
    }

    @Test
    void pausedDeploymentScalesButDoesNotRoll() throws Exception {
        Simulation sim = new Simulation("nginx-deployment");
        sim.apply(Simulation.example("nginx-deployment.yaml"));
        sim.settle();
        sim.send(new Pause());

        assertThat(sim.send(new SetImage(Map.of("nginx", "nginx:1.16.1"))).status()).isEqualTo(Outcome.Status.Accepted);
        sim.send(new Scale(5));
        sim.settle();
        assertThat(sim.state.replicaSets()).hasSize(1);
        assertThat(sim.state.replicaSets().get(0).specReplicas()).isEqualTo(5);

        assertThatThrownBy(() -> sim.send(new Pause()))
                .isInstanceOfSatisfying(Rejection.class,
                        e -> assertThat(e.reason()).isEqualTo(Outcome.Reason.AlreadyPaused))
                .hasMessage("deployments.apps \"nginx-deployment\" is already paused");
        assertThatThrownBy(() -> sim.send(new Undo(0)))
                .isInstanceOfSatisfying(Rejection.class, e -> assertThat(e.reason()).isEqualTo(Outcome.Reason.NotFound))
                .hasMessageStartingWith("no rollout history found");
        sim.send(new Resume());
        sim.settle();
        assertThat(sim.state.replicaSets()).extracting(ReplicaSet::specReplicas).containsExactly(0, 5);
    }

    @Test
    void aTickThatComesTooEarlyAsksForTheWakeUpAgain() throws Exception {
        Simulation sim = new Simulation("nginx-deployment");
        var d = Simulation.example("nginx-deployment.yaml");
        sim.apply(d.withSpec(d.spec().withMinReadySeconds(10).withProgressDeadlineSeconds(600)));
        sim.settle(); // every pod Ready; none available for 10 s yet
        java.time.Instant wakeUp = sim.state.wakeUpAt();
        assertThat(wakeUp).isAfter(sim.now);
        int before = sim.log.size();

        sim.now = wakeUp.minusSeconds(5);
        sim.send(new io.rollbook.api.command.Tick());

        assertThat(sim.log.subList(before, sim.log.size()))
                .contains(new io.rollbook.api.event.WakeUpScheduled(wakeUp));
        // on time, tick after tick, every pod turns available and the rollout completes
        for (int i = 0; i < 10 && sim.state.completedRevision() == 0; i++) {
            sim.now = sim.state.wakeUpAt();
            sim.send(new io.rollbook.api.command.Tick());
        }
        assertThat(sim.log).filteredOn(e -> e instanceof RolloutCompleted).hasSize(1);
    }

    /** Σ spec ≤ replicas + surge, and available ≥ replicas − unavailable once the first rollout completed. */
    private static void checkFenceposts(WorkloadState s) {
        if (s.deployment() == null) {
            return;
        }
        int total = s.replicaSets().stream().mapToInt(ReplicaSet::specReplicas).sum();
        assertThat(total).isLessThanOrEqualTo(s.deployment().spec().replicasOrDefault() + 1);
        if (s.completedRevision() > 0) {
            int available = s.replicaSets().stream().mapToInt(rs -> rs.statusOrEmpty().availableReplicas()).sum();
            assertThat(available).isGreaterThanOrEqualTo(s.deployment().spec().replicasOrDefault() - 1);
        }
    }
}
