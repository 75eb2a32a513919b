package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.rollbook.engine.deployment.Builders.NOW;
import static io.rollbook.engine.deployment.Builders.aDeployment;
import static io.rollbook.engine.deployment.Builders.aReplicaSet;
import static io.rollbook.engine.deployment.Builders.describe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scaling events (isScalingEvent) and proportional scaling (sync.go scale). ReplicaSets: foo-v3
 * (new) / foo-v2 (old) / foo-v1 (older).
 */
class ScalingTest {

    /** An RS of this scenario: revision and age follow the version, desired-replicas = {@code from}. */
    static ReplicaSet rs(int version, int spec, int from, String max) {
        var b = aReplicaSet("foo-v" + version).withImage("foo:v" + version).withRevision(version).withReplicas(spec)
                .healthy().createdSecondsAgo(1000L - version * 100L)
                .withAnnotation(WellKnown.DESIRED_REPLICAS_ANNOTATION, Integer.toString(from));
        return (max == null ? b : b.withAnnotation(WellKnown.MAX_REPLICAS_ANNOTATION, max)).build();
    }

    static Deployment deployment(int replicas, Object surge, Object unavailable, int statusReplicas) {
        return aDeployment().withReplicas(replicas).withImage("foo:v3").withRollingUpdate(surge, unavailable)
                .withStatus(statusReplicas, 0, statusReplicas, statusReplicas, 0).build();
    }

    /** Sizes of foo-v3/foo-v2/foo-v1 after applying the plan. */
    static List<Integer> sizesAfter(Plan plan, List<ReplicaSet> rss) {
        List<ReplicaSet> after = Cluster.apply(rss, plan, NOW);
        return List.of(Cluster.byName(after, "foo-v3").specReplicas(), Cluster.byName(after, "foo-v2").specReplicas(),
                Cluster.byName(after, "foo-v1").specReplicas());
    }

    static Stream<Arguments> proportional() {
        return Stream.of(
                // getReplicaSetFraction, maxSurge 0 (max-replicas = old replicas): fractions 1/1/1 of round(x*10/7)
                Arguments.of("7->10 worked", 7, 10, 0, 1, List.of(2, 3, 2), "7", 7, List.of(3, 4, 3)),
                // getReplicaSetFraction: maxSurge 0, max-replicas 13: old -3 (round 4.92=5), older -1, new -1
                Arguments.of("13->8 worked", 13, 8, 0, 1, List.of(2, 8, 3), "13", 13, List.of(1, 5, 2)),
                // fractions round(4/3)-1 = 0 each; leftover +1 to the first: ties newest first
                Arguments.of("3->4 worked", 3, 4, 0, 1, List.of(1, 1, 1), "3", 3, List.of(2, 1, 1)),
                // leftover -1 to the first: ties oldest first
                Arguments.of("3->2 worked", 3, 2, 0, 1, List.of(1, 1, 1), "3", 3, List.of(1, 1, 0)),
                // max-replicas missing / 0 / invalid: base is the Deployment's status.replicas
                Arguments.of("no max-replicas", 7, 10, 0, 1, List.of(2, 3, 2), null, 7, List.of(3, 4, 3)),
                Arguments.of("max-replicas 0", 7, 10, 0, 1, List.of(2, 3, 2), "0", 7, List.of(3, 4, 3)),
                Arguments.of("max-replicas garbage", 7, 10, 0, 1, List.of(2, 3, 2), "abc", 7, List.of(3, 4, 3)),
                // no base at all: every fraction 0, leftover -3 to the oldest, floored at 0 (total stays 4)
                Arguments.of("no base, leftover floored", 6, 3, 0, 1, List.of(2, 2, 2), null, 0, List.of(2, 2, 0)),
                // replicas 0: fraction = -spec for each
                Arguments.of("to zero", 6, 0, 0, 1, List.of(3, 2, 1), "6", 6, List.of(0, 0, 0)),
                // rounding: new 4.4 -> 4, old 3.3 -> 3, older 3.3 -> 3; leftover +1 to the largest (new)
                Arguments.of("leftover to the largest", 10, 11, 0, 1, List.of(4, 3, 3), "10", 10, List.of(5, 3, 3)),
                // half away from zero: 2*6/4 = 3 -> +1, 1*6/4 = 1.5 -> 2 -> +1; nothing left for older
                Arguments.of("half rounds up", 4, 6, 0, 1, List.of(2, 1, 1), "4", 4, List.of(3, 2, 1)),
                // 25% surge: allowed 20 + 5 = 25, toAdd 12; +5 (9.6->10), +5, then only 2 of older's +3 fit
                Arguments.of("with surge", 10, 20, "25%", "25%", List.of(5, 5, 3), "13", 13, List.of(10, 10, 5)));
    }

    @ParameterizedTest(name = "{0}: {1}->{2} with {5} -> {8}")
    @MethodSource("proportional")
    void givenSeveralActiveReplicaSets_whenReplicasChange_thenSharedProportionally(String description, int from, int to,
            Object surge, Object unavailable, List<Integer> sizes, String max, int statusReplicas, List<Integer> expected) {
        List<ReplicaSet> rss = List.of(rs(1, sizes.get(2), from, max), rs(2, sizes.get(1), from, max),
                rs(3, sizes.get(0), from, max));

        Plan plan = Reconciler.reconcile(deployment(to, surge, unavailable, statusReplicas), rss, null, NOW);

        assertThat(plan.path()).isEqualTo(PlanPath.SCALING);
        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.Create);
        assertThat(sizesAfter(plan, rss)).isEqualTo(expected);
    }

    @Test
    void givenThreeToFour_whenScaled_thenOneScaleAndEveryOtherActiveReplicaSetReannotatedInSortedOrder() {
        List<ReplicaSet> rss = List.of(rs(1, 1, 3, "3"), rs(2, 1, 3, "3"), rs(3, 1, 3, "3"));

        Plan plan = Reconciler.reconcile(deployment(4, 0, 1, 3), rss, null, NOW);

        assertThat(describe(plan)).containsExactly("scale foo-v3 1->2",
                "annotate foo-v2 {desired-replicas=4, max-replicas=4}",
                "annotate foo-v1 {desired-replicas=4, max-replicas=4}");
        assertThat(plan.events()).containsExactly(
                KubeEvent.normal("ScalingReplicaSet", "Scaled up replica set foo-v3 to 2 from 1"));
    }

    @Test
    void givenSevenToTen_whenScaled_thenWrittenLargestFirstTiesNewestFirst() {
        List<ReplicaSet> rss = List.of(rs(1, 2, 7, "7"), rs(2, 3, 7, "7"), rs(3, 2, 7, "7"));

        Plan plan = Reconciler.reconcile(deployment(10, 0, 1, 7), rss, null, NOW);

        assertThat(describe(plan)).containsExactly("scale foo-v2 3->4", "scale foo-v3 2->3", "scale foo-v1 2->3");
    }

    static Stream<Arguments> singleActive() {
        return Stream.of(
                // FindActiveOrLatest: only the new RS is active -> exactly replicas
                Arguments.of("only new active", "foo:v2", List.of(rs(1, 0, 3, "4"), rs(2, 3, 3, "4")),
                        List.of("scale foo-v2 3->5")),
                // sync.go scale: template changed too: the only (old) active RS is resized; no new RS on this path
                Arguments.of("template and size changed", "foo:v9", List.of(rs(1, 0, 3, "4"), rs(2, 3, 3, "4")),
                        List.of("scale foo-v2 3->5")),
                // IsSaturated: new RS saturated (spec = desired = available = 5): old active RSes go to 0
                Arguments.of("saturated new", "foo:v2", List.of(rs(1, 2, 4, "5"), rs(2, 5, 5, "7")),
                        List.of("scale foo-v1 2->0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleActive")
    void givenAtMostOneActiveOrSaturatedNew_whenScaled_thenNoProportions(String description, String image,
                                                                          List<ReplicaSet> rss, List<String> expected) {
        Deployment d = aDeployment().withReplicas(5).withImage(image).withRollingUpdate("25%", "25%")
                .withStatus(3, 3, 3, 3, 0).build();

        Plan plan = Reconciler.reconcile(d, rss, null, NOW);

        assertThat(plan.path()).isEqualTo(PlanPath.SCALING);
        assertThat(describe(plan)).isEqualTo(expected);
    }

    @Test
    void givenRecreate_whenScaledWithSeveralActive_thenNothingProportional() {
        Deployment d = aDeployment().withReplicas(8).withImage("foo:v3").withRecreate().withStatus(5, 2, 5, 5, 0).build();

        Plan plan = Reconciler.reconcile(d, List.of(rs(2, 3, 5, "5"), rs(3, 2, 5, "5")), null, NOW);

        assertThat(plan.path()).isEqualTo(PlanPath.SCALING);
        assertThat(plan.actions()).isEmpty();
    }

    @ParameterizedTest(name = "desired-replicas \"{0}\" -> {1}")
    @CsvSource({
            "4, SCALING",
            "3, ROLLOUT_ROLLING",
            "-1, ROLLOUT_ROLLING",          // getIntFromAnnotation: negative is treated as absent
            "abc, ROLLOUT_ROLLING",         // garbage is absent
            "2147483648, ROLLOUT_ROLLING",  // does not fit int32: absent
            "'', ROLLOUT_ROLLING",
    })
    void scalingEventOnlyWhenAnActiveReplicaSetHasAValidDifferentDesiredReplicas(String desired, PlanPath expected) {
        Deployment d = aDeployment().withReplicas(3).withImage("foo:v2").withCompleteStatus().build();
        ReplicaSet rs = aReplicaSet("foo-v2").withImage("foo:v2").withRevision(2).withReplicas(3).healthy()
                .withAnnotation(WellKnown.DESIRED_REPLICAS_ANNOTATION,
                desired).withAnnotation(WellKnown.MAX_REPLICAS_ANNOTATION, "4")
                .build();

        assertThat(Reconciler.reconcile(d, List.of(rs), null, NOW).path()).isEqualTo(expected);
    }
}
