package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.rollbook.engine.deployment.Builders.NOW;
import static io.rollbook.engine.deployment.Builders.aDeployment;
import static io.rollbook.engine.deployment.Builders.aReplicaSet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * sync.go cleanupDeployment: old ReplicaSets beyond revisionHistoryLimit are deleted once idle, and
 * only at the right moments.
 */
class HistoryCleanupTest {

    /** An idle old RS "foo-r{n}" of revision n (created in revision order unless told otherwise). */
    private static ReplicaSet idle(int revision) {
        return old(revision).build();
    }

    private static Builders.ReplicaSetBuilder old(int revision) {
        return aReplicaSet("foo-r" + revision).withImage("foo:r" + revision).withRevision(revision)
                .withReplicaAnnotations(3, 4).createdSecondsAgo(10_000L - revision * 100L);
    }

    private static ReplicaSet newRs(int spec) {
        return aReplicaSet("foo-v9").withImage("foo:v9").withRevision(99).withReplicas(spec).healthy()
                .withReplicaAnnotations(3, 4).createdSecondsAgo(10).build();
    }

    private static List<String> deleted(Plan plan) {
        return plan.actions().stream().filter(a -> a instanceof Action.Delete).map(Action::replicaSet).toList();
    }

    static Stream<Arguments> candidates() {
        return Stream.of(
                Arguments.of("5 old, limit 2: the 3 lowest revisions", 2,
                        List.of(idle(1), idle(2), idle(3), idle(4), idle(5)), List.of("foo-r1", "foo-r2", "foo-r3")),
                // cleanupDeployment: r2 still has a pod; it is skipped and r4 is NOT looked at instead
                Arguments.of("holding pods: skipped without looking further", 2,
                        List.of(idle(1), old(2).withStatus(1, 1, 1).build(), idle(3), idle(4), idle(5)),
                        List.of("foo-r1", "foo-r3")),
                Arguments.of("status not caught up (generation > observedGeneration)", 1,
                        List.of(old(1).withGeneration(3, 2).build(), idle(2), idle(3)), List.of("foo-r2")),
                // sorted by revision, not by age: r1 is the newest object here
                Arguments.of("revision order beats creation order", 1,
                        List.of(old(1).createdSecondsAgo(20).build(), idle(2), idle(3)), List.of("foo-r1", "foo-r2")),
                // missing revision counts as 0: it goes first
                Arguments.of("missing revision sorts first", 1,
                        List.of(idle(1), aReplicaSet("foo-x").withImage("foo:x").createdSecondsAgo(30).build(), idle(2)),
                        List.of("foo-x", "foo-r1")),
                Arguments.of("limit 0 deletes every idle old RS", 0,
                        List.of(idle(1), idle(2)), List.of("foo-r1", "foo-r2")),
                // cleanupDeployment: ones already being deleted are not candidates: 3 candidates - 2 = 1
                Arguments.of("being deleted are not candidates", 2,
                        List.of(old(1).deleting().build(), idle(2), idle(3), idle(4)), List.of("foo-r2")),
                Arguments.of("within the limit", 5, List.of(idle(1), idle(2), idle(3)), List.of()),
                // SetDefaults_Deployment: an unset limit is defaulted to 10 before the controller sees it
                Arguments.of("unset limit is 10", null, IntStream.rangeClosed(1, 11).mapToObj(n -> idle(n)).toList(),
                        List.of("foo-r1")),
                // cleanupDeployment: MaxInt32 means unlimited
                Arguments.of("MaxInt32 limit", Integer.MAX_VALUE, List.of(idle(1), idle(2), idle(3)), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("candidates")
    void givenCompleteRollout_whenReconciled_thenLowestRevisionsBeyondTheLimitAreDeleted(
            String description, Integer limit, List<ReplicaSet> old, List<String> expected) {
        Deployment d = aDeployment().withReplicas(3).withImage("foo:v9").withRevisionHistoryLimit(limit)
                .withCompleteStatus().build();
        List<ReplicaSet> rss = new ArrayList<>(old);
        rss.add(newRs(3));

        Plan plan = Reconciler.reconcile(d, rss, null, NOW);

        assertThat(plan.path()).isEqualTo(PlanPath.ROLLOUT_ROLLING);
        assertThat(deleted(plan)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> cleanup {4}")
    @CsvSource({
            // cleanupDeployment / rolloutRolling: rollouts clean up only when the *stored* status is complete
            "rolling, stored complete,           3, false, true",
            "rolling, stored incomplete,         3, false, false",
            "recreate, stored complete,          3, false, true",
            "recreate, stored incomplete,        3, false, false",
            // cleanupDeployment: sync() cleans up while paused, whatever the status says ...
            "rolling, paused incomplete,         3, true,  true",
            "rolling, paused scaling 3->4,       4, true,  true",
            // ... but not on a plain scaling event
            "rolling, scaling event 3->4,        4, false, false",
            "rolling, scaling event incomplete,  4, false, false",
    })
    void cleanupRunsOnlyWhenStoredStatusIsCompleteOrWhilePaused(String strategy, String situation, int replicas,
                                                                boolean paused, boolean cleans) {
        var b = aDeployment().withReplicas(replicas).withImage("foo:v9").withRevisionHistoryLimit(1).withPaused(paused);
        if (strategy.equals("recreate")) {
            b.withRecreate();
        }
        if (situation.contains("incomplete")) {
            b.withStatus(3, 3, 3, 2, 1); // one pod of three not available yet
        } else {
            b.withStatus(replicas, replicas, replicas, replicas, 0);
        }
        List<ReplicaSet> rss = List.of(idle(1), idle(2), idle(3), newRs(3));

        Plan plan = Reconciler.reconcile(b.build(), rss, null, NOW);

        assertThat(deleted(plan)).isEqualTo(cleans ? List.of("foo-r1", "foo-r2") : List.of());
    }
}
