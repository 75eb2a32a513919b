package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.deployment.util.Conditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static io.rollbook.engine.deployment.Builders.NOW;
import static io.rollbook.engine.deployment.Builders.aDeployment;
import static io.rollbook.engine.deployment.Builders.aPod;
import static io.rollbook.engine.deployment.Builders.aReplicaSet;
import static io.rollbook.engine.deployment.Builders.ago;
import static io.rollbook.engine.deployment.Builders.condition;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Status counts and Available (sync.go calculateStatus); the Progressing condition, its deadline,
 * ReplicaFailure and the requeue (progress.go).
 */
class StatusTest {

    private static ReplicaSet rs(String name, int spec, int replicas, int ready, int available, long age) {
        return aReplicaSet(name).withImage("foo:" + name.substring(4)).withRevision(age == 60 ? 2 : 1)
                .withReplicas(spec).withStatus(replicas, ready, available).withReplicaAnnotations(10, 13)
                .createdSecondsAgo(age).build();
    }

    @ParameterizedTest(name = "new {0}:{1}/{2}/{3}, old {4}:{5}/{6}/{7} -> {8}/{9}/{10}/{11}/{12}")
    @CsvSource({
            // newSpec, newRepl, newReady, newAvail, oldSpec, oldRepl, oldReady, oldAvail -> replicas, updated, ready, available, unavailable
            "10, 10, 10, 10,  0, 0, 0, 0,  10, 10, 10, 10, 0",
            " 5,  2,  1,  0,  8, 8, 8, 8,  10,  2,  9,  8, 5", // unavailable = 13 spec - 8 available
            "10, 10, 10, 10,  0, 3, 3, 3,  13, 10, 13, 13, 0", // old pods still terminating: 10 - 13 floored at 0
            " 3,  3,  3,  1,  8, 8, 8, 8,  11,  3, 11,  9, 2",
    })
    void countsComeFromTheReplicaSetsAsFound(int newSpec, int newReplicas, int newReady, int newAvailable, int oldSpec,
                                             int oldReplicas, int oldReady, int oldAvailable, int replicas, int updated,
                                             int ready, int available, int unavailable) {
        Deployment d = aDeployment().withReplicas(10).withImage("foo:v2").withGeneration(7).withObservedGeneration(6)
                .withStatus(0, 0, 0, 0, 0).build();
        List<ReplicaSet> rss = List.of(rs("foo-v1", oldSpec, oldReplicas, oldReady, oldAvailable, 3600),
                rs("foo-v2", newSpec, newReplicas, newReady, newAvailable, 60));

        DeploymentStatus s = Reconciler.reconcile(d, rss, null, NOW).status();

        assertThat(List.of(s.replicas(), s.updatedReplicas(), s.readyReplicas(), s.availableReplicas(),
                s.unavailableReplicas())).containsExactly(replicas, updated, ready, available, unavailable);
        assertThat(s.observedGeneration()).isEqualTo(7);
    }

    @ParameterizedTest(name = "{0} {1} replicas, surge {2}, unavailable {3}, {4} available -> Available {5}")
    @CsvSource({
            "RollingUpdate, 10, 25%, 25%,  8, True",  // 8 >= 10 - 2
            "RollingUpdate, 10, 25%, 25%,  7, False",
            "RollingUpdate,  3,   0,   1,  2, True",
            "RollingUpdate,  5,   1,  20,  0, True",  // maxUnavailable clamped to 5: minimum 0
            "Recreate,       3,   -,   -,  2, False", // MaxUnavailable: Recreate needs every replica available
            "Recreate,       3,   -,   -,  3, True",
    })
    void availableConditionComparesAvailableWithReplicasMinusMaxUnavailable(String strategy, int replicas, String surge,
                                                                          String unavailable, int available, String status) {
        var b = aDeployment().withReplicas(replicas).withImage("foo:v2").withStatus(0, 0, 0, 0, 0);
        Deployment d = (strategy.equals("Recreate") ? b.withRecreate()
                : b.withRollingUpdate(Builders.intOrPercent(surge), Builders.intOrPercent(unavailable))).build();
        ReplicaSet rs = aReplicaSet("foo-v2").withImage("foo:v2").withRevision(1).withReplicas(replicas)
                .withStatus(replicas, available, available).withReplicaAnnotations(replicas, replicas).build();

        DeploymentCondition c = Reconciler.reconcile(d, List.of(rs), null, NOW).status()
                .condition(WellKnown.DEPLOYMENT_AVAILABLE);

        assertThat(c.status()).isEqualTo(status);
        assertThat(List.of(c.reason(), c.message())).isEqualTo(status.equals("True")
                ? List.of("MinimumReplicasAvailable", "Deployment has minimum availability.")
                : List.of("MinimumReplicasUnavailable", "Deployment does not have minimum availability."));
    }

    /** 3 replicas, one new RS foo-v2 at 3 with {@code available} pods; stored counts say {@code storedAvailable}. */
    private static Deployment three(int storedAvailable, Integer deadline, String status, String reason, long updatedAgo,
                                    long transitionAgo) {
        var b = aDeployment().withReplicas(3).withImage("foo:v2").withProgressDeadlineSeconds(deadline)
                .withStatus(3, 3, storedAvailable, storedAvailable, 3 - storedAvailable)
                .withCondition(WellKnown.DEPLOYMENT_AVAILABLE, storedAvailable == 3 ? "True" : "False",
                        storedAvailable == 3 ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable", ago(5000));
        if (reason != null) {
            b.withCondition(condition(WellKnown.DEPLOYMENT_PROGRESSING, status, reason, ago(updatedAgo),
                    ago(transitionAgo)));
        }
        return b.build();
    }

    private static ReplicaSet threeNew(int available) {
        return aReplicaSet("foo-v2").withImage("foo:v2").withRevision(1).withReplicas(3)
                .withStatus(3, available, available).withReplicaAnnotations(3, 4).build();
    }

    @ParameterizedTest(name = "stored {3}/{4} ({5}s ago), {1} -> {2} available -> {6}/{7}")
    @CsvSource(value = {
            // deadline, storedAvail, avail, storedStatus, storedReason, updatedAgo, -> status, reason, message, updatedAgo, transitionAgo
            "600, 2, 3, True,  ReplicaSetUpdated,        60,  True,  NewReplicaSetAvailable,   ReplicaSet \"foo-v2\" has successfully progressed., 0, 120",
            // syncRolloutStatus: lastUpdateTime refreshed though status and reason are unchanged; transition kept
            "600, 1, 2, True,  ReplicaSetUpdated,        60,  True,  ReplicaSetUpdated,        ReplicaSet \"foo-v2\" is progressing.,             0, 120",
            // progress after a timeout: False -> True, so a new lastTransitionTime
            "600, 1, 2, False, ProgressDeadlineExceeded, 700, True,  ReplicaSetUpdated,        ReplicaSet \"foo-v2\" is progressing.,             0, 0",
            // DeploymentTimedOut: lastUpdateTime + deadline == now is not yet timed out (strictly before)
            "600, 1, 1, True,  ReplicaSetUpdated,        600, True,  ReplicaSetUpdated,        '',                                                600, 120",
            "600, 1, 1, True,  ReplicaSetUpdated,        601, False, ProgressDeadlineExceeded, ReplicaSet \"foo-v2\" has timed out progressing.,  0, 0",
            // already timed out stays timed out, untouched
            "600, 1, 1, False, ProgressDeadlineExceeded, 700, False, ProgressDeadlineExceeded, '',                                                700, 120",
            // syncRolloutStatus: resync of a finished rollout (replicas = updated, stored
            // NewReplicaSetAvailable): no estimate, never timed out, even long past the deadline and
            // with a pod gone unavailable
            "600, 3, 2, True,  NewReplicaSetAvailable,   9000, True, NewReplicaSetAvailable,   '',                                                9000, 120",
            // syncRolloutStatus: no deadline -> no Progressing condition at all
            "2147483647, 1, 2, True, ReplicaSetUpdated,  60,  NULL,  NULL,                     NULL,                                              0, 0",
    }, nullValues = "NULL")
    void progressingConditionFollowsCompletionProgressAndTheDeadline(int deadline, int storedAvailable, int available, String storedStatus, String storedReason,
                              long updatedAgo, String status, String reason, String message, long expUpdatedAgo,
                              long expTransitionAgo) {
        Deployment d = three(storedAvailable, deadline, storedStatus, storedReason, updatedAgo, 120);

        Plan plan = Reconciler.reconcile(d, List.of(threeNew(available)), null, NOW);

        DeploymentCondition c = plan.status().condition(WellKnown.DEPLOYMENT_PROGRESSING);
        if (status == null) {
            assertThat(c).isNull();
            return;
        }
        assertThat(List.of(c.status(), c.reason(), c.message())).containsExactly(status, reason, message);
        assertThat(List.of(c.lastUpdateTime(), c.lastTransitionTime()))
                .containsExactly(ago(expUpdatedAgo), ago(expTransitionAgo));
    }

    @Test
    void givenRecreateWaitingOnOldPodsWithZeroReplicas_whenComplete_thenMessageNamesTheDeployment() {
        ReplicaSet v1 = aReplicaSet("foo-v1").withImage("foo:v1").withRevision(1).withReplicaAnnotations(0, 0).build();
        Deployment d = aDeployment().withReplicas(0).withImage("foo:v2").withRecreate().withStatus(1, 0, 1, 1, 0)
                .withCondition(WellKnown.DEPLOYMENT_PROGRESSING, "True", "ReplicaSetUpdated", ago(60)).build();

        // an old pod still runs, so no new RS exists yet; 0 of 0 is complete
        Plan plan = Reconciler.reconcile(d, List.of(v1), List.of(aPod("p1", v1, "Running")), NOW);

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.status().condition(WellKnown.DEPLOYMENT_PROGRESSING).message())
                .isEqualTo("Deployment \"foo\" has successfully progressed.");
    }

    @ParameterizedTest(name = "new RS failure {0}, old RS failure {1} -> {2}")
    @CsvSource(value = {
            "quota new, quota old, quota new", // getReplicaFailures: the new RS's condition is preferred
            "NULL,      quota old, quota old",
            "NULL,      NULL,      NULL",      // removed when none (the stored one below goes)
    }, nullValues = "NULL")
    void replicaFailureIsCopiedFromTheReplicaSets(String newFailure, String oldFailure, String expected) {
        Deployment d = aDeployment().withReplicas(3).withImage("foo:v2").withCompleteStatus()
                .withCondition(WellKnown.DEPLOYMENT_REPLICA_FAILURE, "True", "Stale", ago(600)).build();
        var newRs = aReplicaSet("foo-v2").withImage("foo:v2").withRevision(2).withReplicas(3).healthy()
                .withReplicaAnnotations(3, 4);
        var oldRs = aReplicaSet("foo-v1").withImage("foo:v1").withRevision(1).withReplicaAnnotations(3, 4);
        if (newFailure != null) {
            newRs.withFailure("FailedCreate", newFailure);
        }
        if (oldFailure != null) {
            oldRs.withFailure("FailedDelete", oldFailure);
        }

        Plan plan = Reconciler.reconcile(d, List.of(oldRs.build(), newRs.build()), null, NOW);

        DeploymentCondition c = plan.status().condition(WellKnown.DEPLOYMENT_REPLICA_FAILURE);
        assertThat(c == null ? null : c.message()).isEqualTo(expected);
        if (c != null) {
            assertThat(List.of(c.status(), c.reason(), c.lastUpdateTime()))
                    .containsExactly("True", expected.equals("quota new") ? "FailedCreate" : "FailedDelete", ago(60));
        }
    }

    /** Stored status identical to what the pass computes: 3 replicas, 1 available, Progressing last updated {@code ago}. */
    private static Deployment settled(Integer deadline, String reason, String progressingStatus, double agoSeconds) {
        var at = NOW.minusMillis((long) (agoSeconds * 1000));
        return aDeployment().withReplicas(3).withImage("foo:v2").withProgressDeadlineSeconds(deadline)
                .withStatus(3, 3, 1, 1, 2)
                .withCondition(condition(WellKnown.DEPLOYMENT_AVAILABLE, "False", "MinimumReplicasUnavailable",
                        ago(900), ago(900)))
                .withCondition(condition(WellKnown.DEPLOYMENT_PROGRESSING, progressingStatus, reason, at, ago(900)))
                .build();
    }

    @ParameterizedTest(name = "deadline {0}, {1} updated {3}s ago -> requeue after {4}")
    @CsvSource(value = {
            "600,        ReplicaSetUpdated,        True,  100,   501000", // requeueStuckDeployment: 600 - 100 + 1 s
            "600,        ReplicaSetUpdated,        True,  1,     600000",
            "600,        ReplicaSetUpdated,        True,  599.5, 0",      // under a second: requeue now
            "600,        ReplicaSetUpdated,        True,  600,   0",      // at the deadline, not yet timed out
            "600,        ProgressDeadlineExceeded, False, 700,   NULL",   // already timed out: nothing to wait for
            "2147483647, ReplicaSetUpdated,        True,  100,   NULL",   // no deadline
    }, nullValues = "NULL")
    void givenNoStatusChange_whenReconciled_thenRequeuedForTheDeadline(Integer deadline, String reason, String status,
                                                                        double agoSeconds, Long expectedMillis) {
        Deployment d = settled(deadline, reason, status, agoSeconds);
        if (deadline == Integer.MAX_VALUE) {
            // without a deadline the stored status has no Progressing condition either
            d = d.withStatus(Conditions.remove(d.status(), WellKnown.DEPLOYMENT_PROGRESSING));
        }

        Plan plan = Reconciler.reconcile(d, List.of(threeNew(1)), null, NOW);

        assertThat(plan.status()).isEqualTo(d.status());
        assertThat(plan.requeueAfter()).isEqualTo(expectedMillis == null ? null : Duration.ofMillis(expectedMillis));
    }

    @Test
    void givenCompleteAndUnchanged_whenReconciled_thenNoRequeue() {
        Deployment d = aDeployment().withReplicas(3).withImage("foo:v2").withStatus(3, 3, 3, 3, 0)
                .withCondition(WellKnown.DEPLOYMENT_AVAILABLE, "True", "MinimumReplicasAvailable", ago(900))
                .withCondition(WellKnown.DEPLOYMENT_PROGRESSING, "True", "NewReplicaSetAvailable", ago(900)).build();

        Plan plan = Reconciler.reconcile(d, List.of(threeNew(3)), null, NOW);

        assertThat(plan.status()).isEqualTo(d.status());
        assertThat(plan.requeueAfter()).isNull();
    }

    @Test
    void givenStatusChange_whenReconciled_thenNoRequeue() {
        Plan plan = Reconciler.reconcile(settled(600, "ReplicaSetUpdated", "True", 100), List.of(threeNew(2)), null, NOW);

        assertThat(plan.requeueAfter()).isNull();
    }
}
