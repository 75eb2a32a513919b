package io.rollbook.engine.verbs;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.deployment.Action;
import io.rollbook.engine.deployment.Cluster;
import io.rollbook.engine.deployment.Plan;
import io.rollbook.engine.deployment.PlanPath;
import io.rollbook.engine.deployment.Reconciler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.rollbook.engine.deployment.Builders.NOW;
import static io.rollbook.engine.deployment.Builders.aDeployment;
import static io.rollbook.engine.deployment.Builders.aReplicaSet;
import static io.rollbook.engine.deployment.Builders.describe;
import static io.rollbook.engine.deployment.Builders.template;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * kubectl rollout undo (kubectl's rollback.go), and the renumbering the controller does afterwards
 * (getNewReplicaSet).
 */
class DeploymentRollbackerTest {

    private static final String PAUSED_ERROR =
            "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again";

    /** Deployment at foo:v3 (revision 3) with change-cause and last-applied annotations. */
    private static Deployment atV3(boolean paused, String image) {
        return aDeployment().withReplicas(3).withImage(image).withPaused(paused).withCompleteStatus()
                .withAnnotation(WellKnown.LAST_APPLIED_ANNOTATION, "{\"kind\":\"Deployment\"}")
                .withAnnotation(WellKnown.REVISION_ANNOTATION, "3")
                .withAnnotation(WellKnown.CHANGE_CAUSE_ANNOTATION, "set image v3").withAnnotation("team", "a").build();
    }

    private static ReplicaSet revision(int n, int spec) {
        return aReplicaSet("foo-v" + n).withImage("foo:v" + n).withRevision(n).withReplicas(spec).healthy()
                .withReplicaAnnotations(3, 4).withAnnotation(WellKnown.CHANGE_CAUSE_ANNOTATION, "set image v" + n)
                .withAnnotation("note", "from v" + n).createdSecondsAgo(1000L - n).build();
    }

    private static List<ReplicaSet> threeRevisions() {
        return List.of(revision(1, 0), revision(2, 0), revision(3, 3));
    }

    private static String outcome(DeploymentRollbacker.Result result) {
        if (result instanceof DeploymentRollbacker.Patch p) {
            return "patch " + p.revision();
        }
        if (result instanceof DeploymentRollbacker.Skipped s) {
            return "skipped: " + s.message();
        }
        DeploymentRollbacker.Refused refused = (DeploymentRollbacker.Refused) result;
        return "error " + refused.reason() + ": " + refused.message();
    }

    @ParameterizedTest(name = "undo --to-revision={0}, paused={1} -> {2}")
    @CsvSource(quoteCharacter = '"', value = {
            "0,  false, patch 2",  // 0 = the second-highest revision
            "1,  false, patch 1",
            "2,  false, patch 2",
            "3,  false, skipped: skipped rollback (current template already matches revision 3)",
            "7,  false, error NotFound: unable to find specified revision 7 in history",
            "-1, false, error NotFound: unable to find specified revision -1 in history",
            "0,  true,  error Conflict: " + PAUSED_ERROR,
            "3,  true,  error Conflict: " + PAUSED_ERROR, // paused is checked before the same-template skip
            "7,  true,  error NotFound: unable to find specified revision 7 in history", // revision lookup comes first
    })
    void undoPicksTheRevisionOrSaysWhyNot(long toRevision, boolean paused, String expected) {
        assertThat(outcome(DeploymentRollbacker.undo(atV3(paused, "foo:v3"), threeRevisions(), toRevision)))
                .isEqualTo(expected);
    }

    @Test
    void givenOnlyOneRevision_whenUndone_thenNoRolloutHistory() {
        DeploymentRollbacker.Result result = DeploymentRollbacker.undo(atV3(false, "foo:v3"), List.of(revision(3, 3)), 0);

        assertThat(outcome(result)).isEqualTo("error NotFound: no rollout history found for deployment \"foo\"");
    }

    @Test
    void givenPreviousRevisionHasCurrentTemplate_whenUndoneWithoutFlag_thenSkippedMessageSaysZero() {
        // the user already set the image back to v2; the controller has not yet renumbered
        DeploymentRollbacker.Result result = DeploymentRollbacker.undo(atV3(false, "foo:v2"), threeRevisions(), 0);

        assertThat(outcome(result)).isEqualTo("skipped: skipped rollback (current template already matches revision 0)");
    }

    @Test
    void givenUndo_whenPatched_thenTemplateWithoutHashAndAnnotationsAreSkipListPlusReplicaSetOnes() {
        DeploymentRollbacker.Patch patch = (DeploymentRollbacker.Patch) DeploymentRollbacker.undo(atV3(false, "foo:v3"), threeRevisions(), 0);

        assertThat(patch.from().name()).isEqualTo("foo-v2");
        assertThat(patch.template()).isEqualTo(template("foo:v2"));
        assertThat(patch.template().metadata().labels()).doesNotContainKey(WellKnown.POD_TEMPLATE_HASH_LABEL);
        // full replace: the Deployment's skip-list keys stay, its other keys ("team", its change-cause) go;
        // the RS's non-skip keys come back, its revision/desired/max do not
        assertThat(new TreeMap<>(patch.annotations())).isEqualTo(new TreeMap<>(Map.of(
                WellKnown.LAST_APPLIED_ANNOTATION, "{\"kind\":\"Deployment\"}",
                WellKnown.REVISION_ANNOTATION, "3",
                WellKnown.CHANGE_CAUSE_ANNOTATION, "set image v2",
                "note", "from v2")));
    }

    private static Deployment patched(Deployment d, DeploymentRollbacker.Patch patch) {
        return d.withSpec(d.spec().withTemplate(patch.template()))
                .withMetadata(d.metadata().withAnnotations(patch.annotations()).withGeneration(2L));
    }

    @Test
    void givenUndoApplied_whenReconciled_thenOldReplicaSetRenumberedAndNothingCreated() {
        Deployment d = atV3(false, "foo:v3");
        List<ReplicaSet> rss = threeRevisions();
        d = patched(d, (DeploymentRollbacker.Patch) DeploymentRollbacker.undo(d, rss, 0));

        Plan plan = Reconciler.reconcile(d, rss, null, NOW);

        assertThat(plan.path()).isEqualTo(PlanPath.ROLLOUT_ROLLING);
        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.Create);
        // getNewReplicaSet: revision max(1, 3) + 1 = 4, previous number 2 kept in revision-history; then the rollout
        // starts growing it (3 replicas, surge ceil(0.75) = 1)
        assertThat(describe(plan)).containsExactly("annotate foo-v2 {revision=4, revision-history=2}",
                "scale foo-v2 0->1");
    }

    @Test
    void givenUndoApplied_whenRolloutRuns_thenHistoryListsOneThreeFourAndDeploymentIsAtRevisionFour() {
        Deployment d = atV3(false, "foo:v3");
        List<ReplicaSet> rss = threeRevisions();
        d = patched(d, (DeploymentRollbacker.Patch) DeploymentRollbacker.undo(d, rss, 0));
        List<String> created = new ArrayList<>();

        for (int i = 0; i < 20; i++) {
            Plan plan = Reconciler.reconcile(d, rss, null, NOW);
            plan.actions().stream().filter(a -> a instanceof Action.Create).forEach(a -> created.add(a.replicaSet()));
            rss = Cluster.allAvailable(Cluster.apply(rss, plan, NOW));
            d = Cluster.apply(d, plan);
        }

        assertThat(created).isEmpty();
        assertThat(rss).extracting(rs -> rs.name() + "@" + rs.metadata().annotation(WellKnown.REVISION_ANNOTATION) + "="
                + rs.specReplicas()).containsExactlyInAnyOrder("foo-v1@1=0", "foo-v2@4=3", "foo-v3@3=0");
        assertThat(Cluster.byName(rss,
                "foo-v2").metadata().annotation(WellKnown.REVISION_HISTORY_ANNOTATION)).isEqualTo("2");
        assertThat(d.metadata().annotation(WellKnown.REVISION_ANNOTATION)).isEqualTo("4");
    }
}
