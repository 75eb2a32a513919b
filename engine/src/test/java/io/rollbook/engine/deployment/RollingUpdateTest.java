package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.rollbook.engine.deployment.Builders.NOW;
import static io.rollbook.engine.deployment.Builders.aDeployment;
import static io.rollbook.engine.deployment.Builders.aReplicaSet;
import static io.rollbook.engine.deployment.Builders.sizedForTen;
import static io.rollbook.engine.deployment.Builders.tenAtV2;
import static io.rollbook.engine.deployment.Builders.created;
import static io.rollbook.engine.deployment.Builders.describe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * rolling.go: one RollingUpdate pass either grows the new ReplicaSet or shrinks old ones, within
 * surge and availability.
 */
class RollingUpdateTest {

    /** One pass, which must take the rolling path; its actions described. */
    private static List<String> plan(Deployment d, ReplicaSet... rss) {
        Plan plan = Reconciler.reconcile(d, Arrays.asList(rss), null, NOW);
        assertThat(plan.path()).isEqualTo(PlanPath.ROLLOUT_ROLLING);
        assertThat(plan.error()).isNull();
        return describe(plan);
    }

    @Test
    void givenWorkedExample_whenTemplateChanges_thenOnePassCreatesAtThreeAndScalesOldTenToEight() {
        Plan plan = Reconciler.reconcile(tenAtV2(), List.of(sizedForTen("foo-v1", "foo:v1", 1, 10, 10, 3600)), null,
                NOW);

        // reconcileOldReplicaSets: create at 13 - 10 = 3, then maxScaledDown = 13 - 8 - 3 = 2 in the same pass
        assertThat(describe(plan)).containsExactly("create 3 r2", "scale foo-v1 10->8");
        String name = created(plan).replicaSet();
        assertThat(plan.events()).containsExactly(
                KubeEvent.normal("ScalingReplicaSet", "Scaled up replica set " + name + " to 3"),
                KubeEvent.normal("ScalingReplicaSet", "Scaled down replica set foo-v1 to 8 from 10"));
        assertThat(((Action.Scale) plan.actions().get(1)).annotations()).isEqualTo(Map.of(
                WellKnown.DESIRED_REPLICAS_ANNOTATION, "10", WellKnown.MAX_REPLICAS_ANNOTATION, "13"));
    }

    @ParameterizedTest(name = "new {0} ({1} available), old {2} ({3} available) -> {4}")
    @CsvSource(value = {
            "3, 0,  8,  8, scale foo-v2 3->5",   // reconcileNewReplicaSet: 8 + 5 = 13, grow new; old untouched
            "3, 3,  8,  8, scale foo-v2 3->5",   // rolloutRolling: a scale-up ends the pass even when old could shrink
            "5, 0,  8,  8, NONE",                // 13 - 8 - 5 unavailable new = 0: new pods stop old being eaten
            "5, 2,  8,  8, scale foo-v1 8->6",   // maxScaledDown 2; available 10 - 8 = 2
            "5, 5,  8,  8, scale foo-v1 8->3",   // available 13 - 8 = 5
            "5, 5,  3,  3, scale foo-v2 5->10",  // 8 pods, room for 5 more, new may reach replicas
            "10, 10, 3, 3, scale foo-v1 3->0",
            "10, 10, 0, 0, NONE",                // done
            "10, 7,  3, 3, scale foo-v1 3->1",   // new's 3 unavailable pods count: available 10 - 8 = 2
    }, nullValues = "NONE")
    void givenWorkedExampleState_whenReconciled_thenNewGrowsOrOldShrinksBySpec(int newSpec, int newAvailable, int oldSpec, int oldAvailable, String expected) {
        List<String> actions = plan(tenAtV2(), sizedForTen("foo-v1", "foo:v1", 1, oldSpec, oldAvailable, 3600),
                sizedForTen("foo-v2", "foo:v2", 2, newSpec, newAvailable, 60));

        assertThat(actions).isEqualTo(expected == null ? List.of() : List.of(expected));
    }

    @ParameterizedTest(name = "maxUnavailable {0} -> {1}")
    @CsvSource({
            // budget 12 - 8 - 0 = 4: oldest (2 unhealthy) first, then 2 of the newer one's 3; available 7 <= 8 stops
            "2, scale foo-v1 5->3;scale foo-v2 5->3",
            // budget 12 - 6 = 6: 2 + 3 unhealthy cleaned, then available 7 > 6 takes 1 more from the oldest
            "4, scale foo-v1 5->3;scale foo-v2 5->2;scale foo-v1 3->2",
    })
    void cleanupUnhealthyReplicasSpendsTheBudgetOldestFirst(int maxUnavailable, String expected) {
        Deployment d = aDeployment().withReplicas(10).withImage("foo:v3").withRollingUpdate(2, maxUnavailable)
                .withStatus(12, 2, 7, 7, 5).build();

        // given in newest-first order, so the planner has to sort
        List<String> actions = plan(d,
                sizedForTen("foo-v3", "foo:v3", 3, 2, 2, 60),
                sizedForTen("foo-v2", "foo:v2", 2, 5, 2, 1800),
                sizedForTen("foo-v1", "foo:v1", 1, 5, 3, 3600));

        assertThat(actions).containsExactly(expected.split(";"));
    }

    @ParameterizedTest(name = "old {0}/{1} -> {2}")
    @CsvSource({
            "2, 8, scale foo-v0 2->0;scale foo-v1 8->5", // 13 available - 8: oldest first, each down to >= 0
            "0, 10, scale foo-v1 10->5",                 // an inactive old RS is skipped
            "4, 6, scale foo-v0 4->0;scale foo-v1 6->5",
    })
    void scaleDownRemovesAvailableOldPodsOldestFirstDownToMinAvailable(int olderSpec, int oldSpec, String expected) {
        Deployment d = aDeployment().withReplicas(10).withImage("foo:v2").withRollingUpdate("25%", "25%")
                .withStatus(13, 3, 13, 13, 0).build();

        List<String> actions = plan(d,
                sizedForTen("foo-v2", "foo:v2", 3, 3, 3, 60),
                sizedForTen("foo-v1", "foo:v1", 2, oldSpec, oldSpec, 1800),
                sizedForTen("foo-v0", "foo:v0", 1, olderSpec, olderSpec, 3600));

        assertThat(actions).containsExactly(expected.split(";"));
    }

    @Test
    void givenNewReplicaSetAboveReplicas_whenReconciled_thenOnlyNewIsScaledDownToReplicas() {
        // e.g. left above replicas by proportional scaling with surge; its desired annotation already says 5
        Deployment d = aDeployment().withReplicas(5).withImage("foo:v2").withRollingUpdate(2, 1)
                .withStatus(9, 7, 9, 9, 0).build();
        ReplicaSet newRs = aReplicaSet("foo-v2").withImage("foo:v2").withRevision(2).withReplicas(7).healthy()
                .withReplicaAnnotations(5, 7).createdSecondsAgo(60).build();
        ReplicaSet oldRs = aReplicaSet("foo-v1").withImage("foo:v1").withRevision(1).withReplicas(2).healthy()
                .withReplicaAnnotations(5, 7).build();

        assertThat(plan(d, oldRs, newRs)).containsExactly("scale foo-v2 7->5");
    }

    @Test
    void givenWorkedExample_whenPodsBecomeAvailableEachPass_thenRolloutConvergesWithinLimits() {
        Deployment d = tenAtV2();
        List<ReplicaSet> rss = new ArrayList<>(List.of(sizedForTen("foo-v1", "foo:v1", 1, 10, 10, 3600)));
        List<List<String>> steps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Plan plan = Reconciler.reconcile(d, rss, null, NOW);
            if (plan.actions().isEmpty()) {
                break;
            }
            steps.add(describe(plan));
            rss = Cluster.allAvailable(Cluster.apply(rss, plan, NOW));
            d = Cluster.apply(d, plan);
            assertThat(rss.stream().mapToInt(ReplicaSet::specReplicas).sum()).isLessThanOrEqualTo(13);
        }

        String newName = rss.get(1).name();
        assertThat(steps).containsExactly(
                List.of("create 3 r2", "scale foo-v1 10->8"),
                List.of("scale " + newName + " 3->5"),
                List.of("scale foo-v1 8->3"),
                List.of("scale " + newName + " 5->10"),
                List.of("scale foo-v1 3->0"));
    }
}
