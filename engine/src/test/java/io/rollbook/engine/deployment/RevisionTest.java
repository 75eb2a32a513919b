package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.deployment.util.Annotations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.rollbook.engine.deployment.Builders.NOW;
import static io.rollbook.engine.deployment.Builders.aDeployment;
import static io.rollbook.engine.deployment.Builders.aReplicaSet;
import static io.rollbook.engine.deployment.Builders.created;
import static io.rollbook.engine.deployment.Builders.describe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbering new revisions (MaxRevision + 1) and syncing the existing new ReplicaSet (sync.go
 * getNewReplicaSet): revision, revision-history, annotations.
 */
class RevisionTest {

    /** Deployment at foo:v2, 3 replicas, rolled out; deployment revision annotation still the old "3". */
    private static Deployment v2() {
        return aDeployment().withReplicas(3).withImage("foo:v2").withAnnotation(WellKnown.REVISION_ANNOTATION, "3")
                .withCompleteStatus().build();
    }

    private static ReplicaSet oldAt(String revision) {
        return aReplicaSet("foo-v1").withImage("foo:v1").withAnnotation(WellKnown.REVISION_ANNOTATION, revision)
                .withReplicaAnnotations(3, 4).build();
    }

    @ParameterizedTest(name = "old revisions [{0}] -> new revision {1}")
    @CsvSource({
            "'1 2 3', 4",
            "'', 1",           // no old ReplicaSets: revision 1
            "'3 1 2', 4",      // order does not matter
            "'1 garbage 5', 6", // unparsable revisions are skipped
            "'- 2', 3",        // '-' = no revision annotation, counts as 0
            "'-', 1",
    })
    void newRevisionIsHighestOldRevisionPlusOne(String oldRevisions, long expected) {
        List<ReplicaSet> old = new ArrayList<>();
        String[] tokens = oldRevisions.isBlank() ? new String[0] : oldRevisions.split(" ");
        for (int i = 0; i < tokens.length; i++) {
            var rs = aReplicaSet("foo-o" + i).withImage("foo:o" + i).createdSecondsAgo(1000 - i);
            old.add((tokens[i].equals("-") ? rs : rs.withAnnotation(WellKnown.REVISION_ANNOTATION, tokens[i])).build());
        }
        Deployment d = aDeployment().withReplicas(3).withImage("foo:new").build();

        Action.Create create = created(Reconciler.reconcile(d, old, null, NOW));

        assertThat(create.revision()).isEqualTo(expected);
        assertThat(create.annotations()).containsEntry(WellKnown.REVISION_ANNOTATION, Long.toString(expected));
    }

    @ParameterizedTest(name = "new RS revision {0}, history {1} -> {2}")
    @CsvSource(value = {
            "2, NULL, 'annotate foo-v2 {revision=4, revision-history=2}'",   // reused (e.g. rollback): old number kept
            "2, 1,    'annotate foo-v2 {revision=4, revision-history=1,2}'", // appended, oldest first
            "NULL, NULL, 'annotate foo-v2 {revision=4}'",                    // never had a revision: no history entry
            "5, NULL, NONE",                                               // already above max old + 1
            "4, NULL, NONE",                                               // already equal
    }, nullValues = "NULL")
    void givenExistingNewReplicaSet_whenRevisionBelowNewRevision_thenRaisedAndOldNumberAppendedToHistory(
            String revision, String history, String expected) {
        var builder = aReplicaSet("foo-v2").withImage("foo:v2").withReplicas(3).healthy().withReplicaAnnotations(3, 4)
                .createdSecondsAgo(10);
        if (revision != null) {
            builder.withRevision(Long.parseLong(revision));
        }
        if (history != null) {
            builder.withRevisionHistory(history);
        }

        Plan plan = Reconciler.reconcile(v2(), List.of(oldAt("3"), builder.build()), null, NOW);

        assertThat(describe(plan)).isEqualTo(expected.equals("NONE") ? List.of() : List.of(expected));
    }

    @Test
    void givenNewReplicaSetRenumbered_whenReconciled_thenDeploymentRevisionWaitsForTheNextPass() {
        List<ReplicaSet> rss = List.of(oldAt("3"), aReplicaSet("foo-v2").withImage("foo:v2").withRevision(2)
                .withReplicas(3).healthy().withReplicaAnnotations(3, 4).build());

        Plan first = Reconciler.reconcile(v2(), rss, null, NOW);
        Plan second = Reconciler.reconcile(Cluster.apply(v2(), first), Cluster.apply(rss, first, NOW), null, NOW);

        // getNewReplicaSet: "the Deployment-side bookkeeping below is deferred to a later reconcile"
        assertThat(first.deploymentAnnotations()).doesNotContainKey(WellKnown.REVISION_ANNOTATION);
        assertThat(second.actions()).isEmpty();
        assertThat(second.deploymentAnnotations()).containsEntry(WellKnown.REVISION_ANNOTATION, "4");
    }

    @Test
    void givenNewReplicaSetRenumbered_whenReconciled_thenFoundNewReplicaSetConditionWaitsForTheNextPass() {
        // a stuck rollout (1 of 3 available, stored counts equal) with a deadline but no Progressing condition yet
        Deployment d = aDeployment().withReplicas(3).withImage("foo:v2").withStatus(3, 3, 1, 1, 2).build();
        List<ReplicaSet> rss = List.of(oldAt("3"), aReplicaSet("foo-v2").withImage("foo:v2").withRevision(2)
                .withReplicas(3).withStatus(3, 1, 1).withReplicaAnnotations(3, 4).build());

        Plan first = Reconciler.reconcile(d, rss, null, NOW);
        Plan second = Reconciler.reconcile(Cluster.apply(d, first), Cluster.apply(rss, first, NOW), null, NOW);

        // getNewReplicaSet: the Progressing=True FoundNewReplicaSet bookkeeping belongs to the later reconcile
        assertThat(first.status().condition(WellKnown.DEPLOYMENT_PROGRESSING)).isNull();
        DeploymentCondition found = second.status().condition(WellKnown.DEPLOYMENT_PROGRESSING);
        assertThat(List.of(found.status(), found.reason(), found.message()))
                .containsExactly("True", "FoundNewReplicaSet", "Found new replica set \"foo-v2\"");
    }

    @Test
    void givenDeploymentAnnotationsAndMinReadySeconds_whenSynced_thenCopiedExceptSkipListAndMinReadyForced() {
        Deployment d = aDeployment().withReplicas(3).withImage("foo:v2").withMinReadySeconds(5)
                .withAnnotation(WellKnown.CHANGE_CAUSE_ANNOTATION,
                "v2 cause").withAnnotation(WellKnown.LAST_APPLIED_ANNOTATION, "{}")
                .withAnnotation("team", "a").withAnnotation(WellKnown.REVISION_ANNOTATION,
                "2").withCompleteStatus().build();
        ReplicaSet rs = aReplicaSet("foo-v2").withImage("foo:v2").withRevision(2).withReplicas(3).healthy()
                .withReplicaAnnotations(3, 4).withAnnotation(WellKnown.CHANGE_CAUSE_ANNOTATION, "old cause")
                .withAnnotation("keep", "me").build();

        Plan plan = Reconciler.reconcile(d, List.of(rs), null, NOW);

        // overwrites equal keys, never deletes ("keep" is left alone), skip list not copied
        assertThat(describe(plan)).containsExactly(
                "annotate foo-v2 {kubernetes.io/change-cause=v2 cause, team=a} minReady=5");
    }

    static Stream<Arguments> histories() {
        String fourHundred = IntStream.range(1000, 1400).mapToObj(Integer::toString).collect(Collectors.joining(","));
        String threeNinetyNine = IntStream.range(1000, 1399).mapToObj(Integer::toString).collect(Collectors.joining(","));
        return Stream.of(
                Arguments.of("empty", null, "5", "5"),
                Arguments.of("blank", "", "5", "5"),
                Arguments.of("append", "1,2", "3", "1,2,3"),
                // 1994 + 1 + 5 = 2000 characters: exactly at the limit, nothing dropped
                Arguments.of("exactly 2000", threeNinetyNine, "12345", threeNinetyNine + ",12345"),
                // 1994 + 1 + 6 = 2001: the oldest entry goes
                Arguments.of("2001 drops oldest", threeNinetyNine, "123456",
                        threeNinetyNine.substring("1000,".length()) + ",123456"),
                // 1999 + 1 + 4 = 2004: dropping "1000," gives 1999
                Arguments.of("400 entries", fourHundred, "1400", fourHundred.substring("1000,".length()) + ",1400"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void revisionHistoryKeepsAtMost2000CharactersDroppingOldestFirst(String description, String history,
                                                                     String oldRevision, String expected) {
        String appended = Annotations.appendHistory(history, oldRevision);

        assertThat(appended).isEqualTo(expected);
        assertThat(appended.length()).isLessThanOrEqualTo(2000);
    }

    @Test
    void givenLongHistory_whenRenumbered_thenHistoryTrimmedTo2000Characters() {
        String history = IntStream.range(1000, 1400).mapToObj(Integer::toString).collect(Collectors.joining(","));
        ReplicaSet rs = aReplicaSet("foo-v2").withImage("foo:v2").withRevision(1400).withRevisionHistory(history)
                .withReplicas(3).healthy().withReplicaAnnotations(3, 4).build();

        Plan plan = Reconciler.reconcile(v2(), List.of(oldAt("1401"), rs), null, NOW);

        Map<String, String> set = ((Action.Annotate) plan.actions().get(0)).annotations();
        assertThat(set).containsEntry(WellKnown.REVISION_ANNOTATION, "1402");
        assertThat(set.get(WellKnown.REVISION_HISTORY_ANNOTATION)).startsWith("1001,1002,").endsWith(",1399,1400")
                .hasSizeLessThanOrEqualTo(2000);
    }
}
