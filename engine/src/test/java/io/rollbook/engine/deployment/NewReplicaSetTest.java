package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.OwnerReference;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.deployment.util.ReplicaSets;
import io.rollbook.engine.deployment.util.TemplateHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.rollbook.engine.deployment.Builders.HASHED_NAME;
import static io.rollbook.engine.deployment.Builders.NOW;
import static io.rollbook.engine.deployment.Builders.aDeployment;
import static io.rollbook.engine.deployment.Builders.aReplicaSet;
import static io.rollbook.engine.deployment.Builders.created;
import static io.rollbook.engine.deployment.Builders.describe;
import static io.rollbook.engine.deployment.Builders.template;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which ReplicaSet is the new one (FindNewReplicaSet); creating it, hash collisions and its events
 * (sync.go getNewReplicaSet).
 */
class NewReplicaSetTest {

    private static Deployment v2(int replicas) {
        return aDeployment().withReplicas(replicas).withImage("foo:v2").withGeneration(2).withObservedGeneration(1)
                .withStatus(replicas, replicas, replicas, replicas, 0)
                .withCondition(WellKnown.DEPLOYMENT_PROGRESSING, "True", "NewReplicaSetAvailable", Builders.ago(3600))
                .build();
    }

    private static ReplicaSet v1(int replicas) {
        return aReplicaSet("foo-v1").withImage("foo:v1").withRevision(1).withReplicas(replicas).healthy()
                .withReplicaAnnotations(replicas, replicas + 3).build();
    }

    static Stream<Arguments> newReplicaSetCases() {
        PodTemplateSpec hashed = template("foo:v2");
        hashed = hashed.withMetadata(hashed.metadata().withLabels(Map.of("app", "foo", "pod-template-hash", "abc")));
        return Stream.of(
                Arguments.of("oldest template-equal wins", template("foo:v2"), List.of(
                        aReplicaSet("foo-b").withImage("foo:v2").createdSecondsAgo(100).build(),
                        aReplicaSet("foo-a").withImage("foo:v2").createdSecondsAgo(200).build(),
                        aReplicaSet("foo-c").withImage("foo:v1").createdSecondsAgo(300).build()), "foo-a"),
                // same creationTimestamp: the name breaks the tie
                Arguments.of("tie on creation time -> name", template("foo:v2"), List.of(
                        aReplicaSet("foo-y").withImage("foo:v2").createdSecondsAgo(100).build(),
                        aReplicaSet("foo-x").withImage("foo:v2").createdSecondsAgo(100).build()), "foo-x"),
                // the RS's own pod-template-hash label (added by the builder) is ignored
                Arguments.of("hash label ignored on the RS side", template("foo:v2"), List.of(
                        aReplicaSet("foo-zzz").withImage("foo:v2").withHash("zzz").build()), "foo-zzz"),
                // EqualIgnoreHash strips the label from both sides
                Arguments.of("hash label ignored on the Deployment side", hashed, List.of(
                        aReplicaSet("foo-xyz").withImage("foo:v2").withHash("xyz").build()), "foo-xyz"),
                Arguments.of("other image is not new", template("foo:v2"), List.of(
                        aReplicaSet("foo-v1").withImage("foo:v1").build()), null),
                Arguments.of("no replica sets", template("foo:v2"), List.of(), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("newReplicaSetCases")
    void newReplicaSetIsTheOldestTemplateEqualOne(String description, PodTemplateSpec template, List<ReplicaSet> rss,
                                                   String expected) {
        Deployment d = aDeployment().withTemplate(template).build();

        ReplicaSet found = ReplicaSets.findNew(d, rss);

        assertThat(found == null ? null : found.name()).isEqualTo(expected);
    }

    @Test
    void givenTemplateEqualRsWithForeignHashLabel_whenReconciled_thenNothingIsCreated() {
        Deployment d = aDeployment().withReplicas(3).withImage("foo:v2").withCompleteStatus().build();
        ReplicaSet rs = aReplicaSet("foo-old").withImage("foo:v2").withHash("old-hash").withRevision(2)
                .withReplicas(3).healthy().withReplicaAnnotations(3, 4).build();

        Plan plan = Reconciler.reconcile(d, List.of(rs), null, NOW);

        assertThat(plan.path()).isEqualTo(PlanPath.ROLLOUT_ROLLING);
        assertThat(describe(plan)).isEmpty();
    }

    @Test
    void givenUpToDateNewReplicaSetAndNoProgressingCondition_whenReconciled_thenFoundNewReplicaSetAndRevisionSet() {
        // stuck at 1 of 3 available, stored counts equal: nothing else touches Progressing in this pass
        Deployment d = aDeployment().withReplicas(3).withImage("foo:v2").withStatus(3, 3, 1, 1, 2).build();
        ReplicaSet rs = aReplicaSet("foo-v2").withImage("foo:v2").withRevision(2).withReplicas(3).withStatus(3, 1, 1)
                .withReplicaAnnotations(3, 4).build();

        Plan plan = Reconciler.reconcile(d, List.of(rs), null, NOW);

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.deploymentAnnotations()).isEqualTo(Map.of(WellKnown.REVISION_ANNOTATION, "2"));
        DeploymentCondition c = plan.status().condition(WellKnown.DEPLOYMENT_PROGRESSING);
        assertThat(List.of(c.status(), c.reason(), c.message(), c.lastUpdateTime()))
                .containsExactly("True", "FoundNewReplicaSet", "Found new replica set \"foo-v2\"", NOW);
    }

    @Test
    void givenChangedTemplate_whenReconciled_thenCreatedReplicaSetHasHashedNameLabelsOwnerAndAnnotations() {
        Deployment d = aDeployment().withReplicas(10).withImage("foo:v2").withMinReadySeconds(5)
                .withAnnotation(WellKnown.CHANGE_CAUSE_ANNOTATION, "kubectl set image deploy/foo app=foo:v2")
                .withAnnotation(WellKnown.LAST_APPLIED_ANNOTATION, "{}").withAnnotation("team", "a")
                .withAnnotation(WellKnown.REVISION_ANNOTATION, "3").withCompleteStatus().build();
        ReplicaSet old = aReplicaSet("foo-v1").withRevision(3).withReplicas(10).healthy()
                .withReplicaAnnotations(10, 13).build();

        ReplicaSet rs = created(Reconciler.reconcile(d, List.of(old), null, NOW)).replicaSetObject();

        assertThat(rs.name()).matches(HASHED_NAME);
        String hash = rs.name().substring("foo-".length());
        assertThat(rs.metadata().namespace()).isEqualTo("default");
        assertThat(rs.metadata().labels()).containsEntry("pod-template-hash", hash).containsEntry("app", "foo");
        assertThat(rs.spec().template().metadata().labels())
                .isEqualTo(Map.of("app", "foo", "pod-template-hash", hash));
        assertThat(rs.spec().selector().matchLabels()).isEqualTo(Map.of("app", "foo", "pod-template-hash", hash));
        assertThat(ReplicaSets.withoutHash(rs.spec().template())).isEqualTo(d.spec().template());
        assertThat(rs.metadata().ownerReferences()).containsExactly(
                new OwnerReference("apps/v1", "Deployment", "foo", "uid-foo", true, true));
        assertThat(rs.spec().minReadySeconds()).isEqualTo(5);
        assertThat(rs.specReplicas()).isEqualTo(3); // 10 + 3 surge - 10 existing
        assertThat(rs.metadata().annotations()).isEqualTo(Map.of(
                WellKnown.CHANGE_CAUSE_ANNOTATION, "kubectl set image deploy/foo app=foo:v2", "team", "a",
                WellKnown.REVISION_ANNOTATION, "4", WellKnown.DESIRED_REPLICAS_ANNOTATION, "10",
                        WellKnown.MAX_REPLICAS_ANNOTATION, "13"));
    }

    @Test
    void givenCreate_whenReconciled_thenScalingEventRevisionAndNewReplicaSetCreatedCondition() {
        Plan plan = Reconciler.reconcile(v2(10), List.of(v1(10)), null, NOW);

        String name = created(plan).replicaSet();
        assertThat(plan.events().get(0)).isEqualTo(
                KubeEvent.normal("ScalingReplicaSet", "Scaled up replica set " + name + " to 3"));
        assertThat(plan.deploymentAnnotations()).containsEntry(WellKnown.REVISION_ANNOTATION, "2");
        DeploymentCondition progressing = plan.status().condition(WellKnown.DEPLOYMENT_PROGRESSING);
        assertThat(List.of(progressing.status(), progressing.reason(), progressing.message()))
                .containsExactly("True", "NewReplicaSetCreated", "Created new replica set \"" + name + "\"");
        assertThat(progressing.lastUpdateTime()).isEqualTo(NOW);
    }

    @Test
    void givenCreateAtZeroReplicas_whenReconciled_thenNoScalingEvent() {
        Plan plan = Reconciler.reconcile(v2(0), List.of(v1(0)), null, NOW);

        assertThat(describe(plan)).containsExactly("create 0 r2");
        assertThat(plan.events()).isEmpty();
    }

    @Test
    void givenNoDeadline_whenCreated_thenNoProgressingCondition() {
        Deployment d = aDeployment().withReplicas(10).withImage("foo:v2").withProgressDeadlineSeconds(Builders.NO_DEADLINE)
                .withStatus(10, 10, 10, 10, 0).build();

        Plan plan = Reconciler.reconcile(d, List.of(v1(10)), null, NOW);

        assertThat(describe(plan)).startsWith("create 3 r2");
        assertThat(plan.status().condition(WellKnown.DEPLOYMENT_PROGRESSING)).isNull();
    }

    static Stream<Arguments> collisions() {
        return Stream.of(
                // getNewReplicaSet: our own RS holds the name but with another template
                Arguments.of("owned, other template", null, "uid-foo", 1),
                Arguments.of("owned, other template, count already 2", 2, "uid-foo", 3),
                // the API server answers AlreadyExists for any RS of that name in the namespace
                Arguments.of("owned by another Deployment", null, "uid-bar", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("collisions")
    void givenNameTakenByAnotherTemplate_whenReconciled_thenCollisionCountBumpedAndNothingCreated(
            String description, Integer collisionCount, String ownerUid, int expectedCount) {
        Deployment d = aDeployment().withReplicas(3).withImage("foo:v2").withStatus(3, 3, 3, 3, 0)
                .withCollisionCount(collisionCount).build();
        String hash = TemplateHash.compute(d.spec().template(), collisionCount);
        ReplicaSet clash = aReplicaSet("foo-" + hash).withImage("foo:v1").ownedBy(ownerUid).withRevision(1)
                .withReplicas(3).healthy().withReplicaAnnotations(3, 4).build();

        Plan plan = Reconciler.reconcile(d, List.of(clash), null, NOW);

        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.Create);
        assertThat(plan.error()).isNotNull();
        assertThat(plan.status().collisionCount()).isEqualTo(expectedCount);
    }

    @Test
    void givenBumpedCollisionCount_whenReconciledAgain_thenCreatesUnderAnotherName() {
        Deployment d = aDeployment().withReplicas(3).withImage("foo:v2").withStatus(3, 3, 3, 3, 0)
                .withCollisionCount(1).build();
        String taken = "foo-" + TemplateHash.compute(d.spec().template(), null);
        ReplicaSet clash = aReplicaSet(taken).withImage("foo:v1").withRevision(1).withReplicas(3).healthy()
                .withReplicaAnnotations(3, 4).build();

        Plan plan = Reconciler.reconcile(d, List.of(clash), null, NOW);

        assertThat(plan.error()).isNull();
        assertThat(created(plan).replicaSet()).matches(HASHED_NAME).isNotEqualTo(taken)
                .isEqualTo("foo-" + TemplateHash.compute(d.spec().template(), 1));
    }
}
