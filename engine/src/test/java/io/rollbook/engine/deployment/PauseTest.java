package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static io.rollbook.engine.deployment.Builders.NOW;
import static io.rollbook.engine.deployment.Builders.aDeployment;
import static io.rollbook.engine.deployment.Builders.aReplicaSet;
import static io.rollbook.engine.deployment.Builders.ago;
import static io.rollbook.engine.deployment.Builders.condition;
import static io.rollbook.engine.deployment.Builders.describe;
import static org.assertj.core.api.Assertions.assertThat;

/** sync.go sync: a paused Deployment still scales, cleans history and writes status, but never rolls. */
class PauseTest {

    @Test
    void givenPaused_whenReplicasChange_thenStillScalesProportionally() {
        List<ReplicaSet> rss = List.of(ScalingTest.rs(1, 2, 7, "7"), ScalingTest.rs(2, 3, 7, "7"),
                ScalingTest.rs(3, 2, 7, "7"));
        Deployment d = aDeployment().withReplicas(10).withImage("foo:v3").withRollingUpdate(0, 1).paused()
                .withStatus(7, 2, 7, 7, 0).build();

        Plan plan = Reconciler.reconcile(d, rss, null, NOW);

        assertThat(plan.path()).isEqualTo(PlanPath.PAUSED);
        assertThat(ScalingTest.sizesAfter(plan, rss)).containsExactly(3, 4, 3);
    }

    @Test
    void givenPaused_whenTemplateChanges_thenNoNewReplicaSetAndNoRolling() {
        Deployment d = aDeployment().withReplicas(3).withImage("foo:v2").paused().withCompleteStatus().build();
        ReplicaSet v1 = aReplicaSet("foo-v1").withImage("foo:v1").withRevision(1).withReplicas(3).healthy()
                .withReplicaAnnotations(3, 4).build();

        Plan plan = Reconciler.reconcile(d, List.of(v1), null, NOW);

        assertThat(plan.path()).isEqualTo(PlanPath.PAUSED);
        assertThat(plan.actions()).isEmpty();
    }

    @ParameterizedTest(name = "template {0}, nothing active -> {1}")
    @CsvSource({
            "foo:v2, scale foo-v2 0->3", // FindActiveOrLatest: none active -> the new RS gets replicas
            "foo:v9, scale foo-v2 0->3", // no new RS (template changed while paused) -> the newest old RS
    })
    void givenPausedWithNothingActive_whenSynced_thenNewOrNewestOldGetsReplicas(String image, String expected) {
        Deployment d = aDeployment().withReplicas(3).withImage(image).paused().withStatus(0, 0, 0, 0, 0).build();
        List<ReplicaSet> rss = List.of(
                aReplicaSet("foo-v1").withImage("foo:v1").withRevision(1).createdSecondsAgo(200).build(),
                aReplicaSet("foo-v2").withImage("foo:v2").withRevision(2).createdSecondsAgo(100).build());

        assertThat(describe(Reconciler.reconcile(d, rss, null, NOW))).containsExactly(expected);
    }

    /**
     * A stuck rollout (10 replicas, 25%/25%: new 5 with none available, old 8) whose stored status
     * already matches its ReplicaSets, so only the pause bookkeeping can change Progressing.
     */
    private static Deployment stuck(boolean paused, Integer deadline, String reason, String status, Instant at) {
        var b = aDeployment().withReplicas(10).withImage("foo:v2").withPaused(paused)
                .withProgressDeadlineSeconds(deadline).withStatus(13, 5, 8, 8, 5)
                .withCondition(condition(WellKnown.DEPLOYMENT_AVAILABLE, "True", "MinimumReplicasAvailable", ago(900),
                ago(900)));
        if (reason != null) {
            b.withCondition(condition(WellKnown.DEPLOYMENT_PROGRESSING, status, reason, at, ago(1000)));
        }
        return b.build();
    }

    private static List<ReplicaSet> stuckReplicaSets() {
        return List.of(
                aReplicaSet("foo-v1").withImage("foo:v1").withRevision(1).withReplicas(8).healthy()
                        .withReplicaAnnotations(10, 13).createdSecondsAgo(3600).build(),
                aReplicaSet("foo-v2").withImage("foo:v2").withRevision(2).withReplicas(5).withStatus(5, 0, 0)
                        .withReplicaAnnotations(10, 13).createdSecondsAgo(60).build());
    }

    @ParameterizedTest(name = "paused={0}, deadline {1}, stored {2}/{3} -> {4}/{5}")
    @CsvSource(value = {
            // checkPausedConditions: on pause, Progressing Unknown DeploymentPaused, stamped now
            "true,  600,        ReplicaSetUpdated,        True,    Unknown, DeploymentPaused,         Deployment is paused,   NOW",
            // already paused: nothing changes (lastUpdateTime stays), and no progress is estimated
            "true,  600,        DeploymentPaused,         Unknown, Unknown, DeploymentPaused,         '',                     OLD",
            // checkPausedConditions: a timed-out condition is never replaced by the paused one
            "true,  600,        ProgressDeadlineExceeded, False,   False,   ProgressDeadlineExceeded, '',                     OLD",
            // checkPausedConditions: no deadline, no paused condition
            "true,  2147483647, NULL,                     NULL,    NULL,    NULL,                     NULL,                   NULL",
            // unset deadline is defaulted to 600 (SetDefaults_Deployment), so the paused condition is written
            "true,  NULL,       NULL,                     NULL,    Unknown, DeploymentPaused,         Deployment is paused,   NOW",
            // checkPausedConditions: on resume, Unknown DeploymentResumed, fresh lastUpdateTime (deadline restarts)
            "false, 600,        DeploymentPaused,         Unknown, Unknown, DeploymentResumed,        Deployment is resumed,  NOW",
            // checkPausedConditions: resumed without a deadline: syncRolloutStatus removes Progressing entirely
            "false, 2147483647, DeploymentPaused,         Unknown, NULL,    NULL,                     NULL,                   NULL",
    }, nullValues = "NULL")
    void pausedAndResumedConditionsOnlyWithADeadline(boolean paused, Integer deadline, String storedReason,
                                                     String storedStatus, String status, String reason, String message,
                                                     String updated) {
        Plan plan = Reconciler.reconcile(stuck(paused, deadline, storedReason, storedStatus, ago(30)),
                stuckReplicaSets(), null, NOW);

        assertThat(plan.path()).isEqualTo(paused ? PlanPath.PAUSED : PlanPath.ROLLOUT_ROLLING);
        assertThat(plan.actions()).isEmpty();
        DeploymentCondition c = plan.status().condition(WellKnown.DEPLOYMENT_PROGRESSING);
        if (status == null) {
            assertThat(c).isNull();
            return;
        }
        assertThat(List.of(c.status(), c.reason(), c.message())).containsExactly(status, reason, message);
        assertThat(c.lastUpdateTime()).isEqualTo(updated.equals("NOW") ? NOW : ago(30));
        // same status Unknown -> Unknown keeps lastTransitionTime (SetDeploymentCondition)
        if (status.equals(storedStatus)) {
            assertThat(c.lastTransitionTime()).isEqualTo(ago(1000));
        }
    }
}
