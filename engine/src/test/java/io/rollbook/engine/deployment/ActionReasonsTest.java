package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static io.rollbook.engine.deployment.Builders.NOW;
import static io.rollbook.engine.deployment.Builders.aDeployment;
import static io.rollbook.engine.deployment.Builders.aPod;
import static io.rollbook.engine.deployment.Builders.aReplicaSet;
import static io.rollbook.engine.deployment.Builders.sizedForTen;
import static io.rollbook.engine.deployment.Builders.tenAtV2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every action says why, with the numbers the controller decided on, and a pass whose rollout
 * step could move nothing says what it waits for. The words are for people ({@code rollbook plan}
 * prints them); these tests pin them so that a change to a rule shows here too.
 */
class ActionReasonsTest {

    /** One pass over these ReplicaSets, without pods. */
    private static Plan plan(Deployment d, ReplicaSet... rss) {
        return Reconciler.reconcile(d, Arrays.asList(rss), null, NOW);
    }

    private static List<String> reasons(Plan plan) {
        return plan.actions().stream().map(a -> a.replicaSet().replaceFirst("^foo-(?!v[0-9]).*", "foo-HASH") + ": "
                + a.reason()).toList();
    }

    @Test
    void aTemplateChangeCreatesWithinMaxSurgeThenTakesOldPodsDownToTheFloor() {
        Plan plan = plan(tenAtV2(), sizedForTen("foo-v1", "foo:v1", 1, 10, 10, 3600));

        assertThat(reasons(plan)).containsExactly(
                "foo-HASH: the new ReplicaSet for revision 2 within maxSurge: 10 + 3 - 10 = 3 more allowed",
                "foo-v1: 10 available, minAvailable 8: 2 old pods may go, oldest ReplicaSet first");
        assertThat(plan.idleReason()).isNull();
    }

    @ParameterizedTest(name = "old {0} ({1} available), new {2} ({3} available)")
    @CsvSource(delimiter = '|', textBlock = """
            8 | 8 | 3 | 0 | foo-v2: scale up the new ReplicaSet within maxSurge: 10 + 3 - 11 = 2 more allowed
            1 | 1 | 8 | 8 | foo-v2: scale up the new ReplicaSet within maxSurge: 10 + 3 - 9 = 4 more allowed, 2 still wanted
            8 | 6 | 5 | 5 | foo-v1: cleanupUnhealthyReplicas: 2 of its 8 pods are unavailable, within maxScaledDown = 13 - 8 - 0 = 5; foo-v1: 11 available, minAvailable 8: 3 old pods may go, oldest ReplicaSet first
            """)
    void eachRollingStepSaysItsNumbers(int oldSpec, int oldAvailable, int newSpec, int newAvailable, String expected) {
        // the new one grows by what maxSurge leaves, capped by what is still wanted; unhealthy old pods go
        // first, within maxScaledDown, then available ones down to minAvailable
        Plan plan = plan(tenAtV2(), sizedForTen("foo-v1", "foo:v1", 1, oldSpec, oldAvailable, 3600),
                sizedForTen("foo-v2", "foo:v2", 2, newSpec, newAvailable, 60));

        assertThat(String.join("; ", reasons(plan))).isEqualTo(expected);
    }

    @Test
    void unavailableNewPodsHoldTheOldOnesBackAndThePlanSaysSo() {
        Plan plan = plan(tenAtV2(), sizedForTen("foo-v1", "foo:v1", 1, 8, 8, 3600),
                sizedForTen("foo-v2", "foo:v2", 2, 5, 0, 60));

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.idleReason()).isEqualTo("maxScaledDown = 13 - 8 - 5 = 0 (all pods - minAvailable - new "
                + "unavailable): no old pod may go until more new pods are available");
    }

    @Test
    void recreateTakesEveryOldPodDownThenWaitsForThem() {
        Deployment d = aDeployment().withReplicas(2).withImage("foo:v2").withRecreate().withGeneration(2).build();
        ReplicaSet old = aReplicaSet("foo-v1").withImage("foo:v1").withRevision(1).withReplicas(2).healthy().build();
        ReplicaSet stopping = aReplicaSet("foo-v1").withImage("foo:v1").withRevision(1).withReplicas(0)
                .withStatus(0, 0, 0).build();

        assertThat(reasons(plan(d, old)))
                .containsExactly("foo-v1: Recreate: every old pod stops before the new ReplicaSet starts");
        Plan waiting = Reconciler.reconcile(d, List.of(stopping),
                List.of(aPod("p1", stopping, "Running"), aPod("p2", stopping, "Running")), NOW);
        assertThat(waiting.actions()).isEmpty();
        assertThat(waiting.idleReason()).isEqualTo("Recreate waits for 2 old pods to go");
        assertThat(reasons(Reconciler.reconcile(d, List.of(stopping), List.of(), NOW))).containsExactly(
                "foo-HASH: the new ReplicaSet for revision 2 at all 2 replicas, as Recreate starts it");
    }

    @Test
    void aScalingEventIsSharedProportionallyAndTheLeftoverSaid() {
        Deployment d = aDeployment().withReplicas(10).withImage("foo:v3").withRollingUpdate(0, 1).paused()
                .withStatus(7, 2, 7, 7, 0).build();
        ReplicaSet v1 = aReplicaSet("foo-v1").withImage("foo:v1").withRevision(1).withReplicas(3).healthy()
                .withReplicaAnnotations(7, 7).createdSecondsAgo(300).build();
        ReplicaSet v2 = aReplicaSet("foo-v2").withImage("foo:v2").withRevision(2).withReplicas(2).healthy()
                .withReplicaAnnotations(7, 7).createdSecondsAgo(200).build();
        ReplicaSet v3 = aReplicaSet("foo-v3").withImage("foo:v3").withRevision(3).withReplicas(2).healthy()
                .withReplicaAnnotations(7, 7).createdSecondsAgo(100).build();

        // round(3 × 10/7) − 3 = 1, round(2 × 10/7) − 2 = 1 twice: 3 handed out, nothing left over
        assertThat(reasons(plan(d, v1, v2, v3))).containsExactly(
                "foo-v1: proportional share of +3: size × 10 / max-replicas 7",
                "foo-v3: proportional share of +3: size × 10 / max-replicas 7",
                "foo-v2: proportional share of +3: size × 10 / max-replicas 7");
    }

    @Test
    void theOnlyActiveReplicaSetTakesAllReplicas() {
        Deployment d = aDeployment().withReplicas(5).withImage("foo:v1").withStatus(3, 3, 3, 3, 0).build();

        assertThat(reasons(plan(d, sizedForTen("foo-v1", "foo:v1", 1, 3, 3, 60)))).containsExactly(
                "foo-v1: the only active ReplicaSet takes all 5 replicas");
    }

    @Test
    void historyCleanupSaysWhichRevisionGoesAndWhy() {
        Deployment d = aDeployment().withReplicas(3).withImage("foo:v3").withRevisionHistoryLimit(1)
                .withCompleteStatus().build();
        ReplicaSet v1 = aReplicaSet("foo-v1").withImage("foo:v1").withRevision(1).withReplicas(0)
                .withStatus(0, 0, 0).createdSecondsAgo(300).build();
        ReplicaSet v2 = aReplicaSet("foo-v2").withImage("foo:v2").withRevision(2).withReplicas(0)
                .withStatus(0, 0, 0).createdSecondsAgo(200).build();
        ReplicaSet v3 = aReplicaSet("foo-v3").withImage("foo:v3").withRevision(3).withReplicas(3).healthy()
                .withReplicaAnnotations(3, 4).createdSecondsAgo(100).build();

        assertThat(reasons(plan(d, v1, v2, v3))).containsExactly(
                "foo-v1: revisionHistoryLimit 1 with 2 old ReplicaSets: revision 1 goes, it has no pods left");
    }

    @Test
    void syncingTheNewReplicaSetSaysWhatItTakes() {
        Deployment d = aDeployment().withReplicas(3).withImage("foo:v2").withMinReadySeconds(5).withGeneration(2)
                .withStatus(3, 0, 3, 3, 0).build();
        ReplicaSet v2 = aReplicaSet("foo-v2").withImage("foo:v2").withReplicas(3).healthy()
                .withReplicaAnnotations(3, 4).createdSecondsAgo(60).build();

        assertThat(reasons(plan(d, v2))).containsExactly(
                "foo-v2: the new ReplicaSet takes revision 1; minReadySeconds 5");
    }

    @Test
    void aReplicaSetWhoseShareIsZeroStillHasItsAnnotationsRefreshed() {
        // 7 -> 8, maxSurge 0: the larger one takes round(4 × 8/7) − 4 = 1, which is all there is
        Deployment d = aDeployment().withReplicas(8).withImage("foo:v2").withRollingUpdate(0, 1).paused()
                .withStatus(7, 3, 7, 7, 0).build();
        ReplicaSet v1 = aReplicaSet("foo-v1").withImage("foo:v1").withRevision(1).withReplicas(4).healthy()
                .withReplicaAnnotations(7, 7).createdSecondsAgo(300).build();
        ReplicaSet v2 = aReplicaSet("foo-v2").withImage("foo:v2").withRevision(2).withReplicas(3).healthy()
                .withReplicaAnnotations(7, 7).createdSecondsAgo(100).build();

        assertThat(reasons(plan(d, v1, v2))).containsExactly(
                "foo-v1: proportional share of +1: size × 8 / max-replicas 7",
                "foo-v2: refresh desired-replicas and max-replicas to 8 and 8 (replicas and replicas + maxSurge)");
    }
}
