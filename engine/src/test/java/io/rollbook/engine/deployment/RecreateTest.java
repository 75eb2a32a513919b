package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.Pod;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.engine.deployment.util.Fenceposts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static io.rollbook.engine.deployment.Builders.NOW;
import static io.rollbook.engine.deployment.Builders.aDeployment;
import static io.rollbook.engine.deployment.Builders.aPod;
import static io.rollbook.engine.deployment.Builders.aReplicaSet;
import static io.rollbook.engine.deployment.Builders.created;
import static io.rollbook.engine.deployment.Builders.describe;
import static org.assertj.core.api.Assertions.assertThat;

/** recreate.go: every old pod gone before the new ReplicaSet exists, then the new one at full size. */
class RecreateTest {

    private static Deployment recreateAtV2() {
        return aDeployment().withReplicas(3).withImage("foo:v2").withRecreate().withStatus(3, 0, 3, 3, 0).build();
    }

    private static ReplicaSet old(String name, int spec, int statusReplicas, long age) {
        return aReplicaSet(name).withImage("foo:" + name.substring(4)).withRevision(1).withReplicas(spec)
                .withStatus(statusReplicas, statusReplicas, statusReplicas).withReplicaAnnotations(3, 3)
                .createdSecondsAgo(age).build();
    }

    private static Plan reconcile(List<ReplicaSet> rss, List<Pod> pods) {
        Plan plan = Reconciler.reconcile(recreateAtV2(), rss, pods, NOW);
        assertThat(plan.path()).isEqualTo(PlanPath.ROLLOUT_RECREATE);
        assertThat(plan.fenceposts()).isEqualTo(Fenceposts.NONE);
        return plan;
    }

    @Test
    void givenActiveOldReplicaSets_whenTemplateChanges_thenAllGoStraightToZeroInOnePassAndNothingIsCreated() {
        Plan plan = reconcile(List.of(old("foo-v1", 3, 3, 100), old("foo-v0", 2, 2, 200)), null);

        assertThat(describe(plan)).containsExactly("scale foo-v0 2->0", "scale foo-v1 3->0");
        assertThat(plan.events()).extracting(KubeEvent::message).containsExactly(
                "Scaled down replica set foo-v0 to 0 from 2", "Scaled down replica set foo-v1 to 0 from 3");
    }

    @Test
    void givenOldScaledToZeroButStillReportingReplicas_whenReconciled_thenWaits() {
        Plan plan = reconcile(List.of(old("foo-v1", 0, 2, 100)), null);

        assertThat(describe(plan)).isEmpty();
    }

    @ParameterizedTest(name = "an old pod in phase \"{0}\" blocks the new ReplicaSet")
    @CsvSource(value = {"Pending", "Running", "Unknown", "NULL", "''"}, nullValues = "NULL")
    void givenOldPodStillAlive_whenReconciled_thenNoNewReplicaSet(String phase) {
        ReplicaSet v1 = old("foo-v1", 0, 0, 100);

        Plan plan = reconcile(List.of(v1), List.of(aPod("p1", v1, phase)));

        assertThat(describe(plan)).isEmpty();
    }

    @ParameterizedTest(name = "old pods {0} are ignored")
    @ValueSource(strings = {"Failed", "Succeeded", "Failed,Succeeded", "NONE"})
    void givenOldPodsTerminalOrGone_whenReconciled_thenNewReplicaSetCreatedAtFullReplicas(String phases) {
        ReplicaSet v1 = old("foo-v1", 0, 0, 100);
        List<Pod> pods = new ArrayList<>();
        if (!phases.equals("NONE")) {
            for (String phase : phases.split(",")) {
                pods.add(aPod("p-" + phase, v1, phase));
            }
        }

        Plan plan = reconcile(List.of(v1), pods);

        assertThat(describe(plan)).containsExactly("create 3 r2");
        assertThat(plan.events()).containsExactly(KubeEvent.normal("ScalingReplicaSet",
                "Scaled up replica set " + created(plan).replicaSet() + " to 3"));
    }

    @Test
    void givenPodsUnknown_whenOldReplicaSetsReportNoReplicas_thenNewReplicaSetCreated() {
        Plan plan = reconcile(List.of(old("foo-v1", 0, 0, 100)), null);

        assertThat(describe(plan)).containsExactly("create 3 r2");
    }

    @Test
    void givenRunningPodOfTheNewReplicaSet_whenOldAreGone_thenNewIsScaledToReplicas() {
        ReplicaSet v2 = aReplicaSet("foo-v2").withImage("foo:v2").withRevision(2).withReplicas(0)
                .withStatus(1, 0, 0).withReplicaAnnotations(3, 3).createdSecondsAgo(10).build();

        Plan plan = reconcile(List.of(old("foo-v1", 0, 0, 100), v2), List.of(aPod("p1", v2, "Running")));

        assertThat(describe(plan)).containsExactly("scale foo-v2 0->3");
    }

    @Test
    void givenWholeRecreate_whenPassesRepeat_thenDownToZeroThenWaitThenCreateAtFullSize() {
        Deployment d = recreateAtV2();
        List<ReplicaSet> rss = List.of(old("foo-v1", 3, 3, 100));
        List<List<String>> steps = new ArrayList<>();

        Plan first = Reconciler.reconcile(d, rss, null, NOW);
        steps.add(describe(first));
        rss = Cluster.apply(rss, first, NOW); // scaled to 0, but status still says 3 pods
        Plan second = Reconciler.reconcile(Cluster.apply(d, first), rss, null, NOW);
        steps.add(describe(second));
        rss = Cluster.allAvailable(rss); // pods gone
        Plan third = Reconciler.reconcile(Cluster.apply(Cluster.apply(d, first), second), rss, null, NOW);
        steps.add(describe(third));

        assertThat(steps).containsExactly(List.of("scale foo-v1 3->0"), List.of(), List.of("create 3 r2"));
    }
}
