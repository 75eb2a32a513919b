package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.Pod;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.value.IntOrPercent;
import io.rollbook.engine.deployment.util.Fenceposts;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.rollbook.engine.deployment.Builders.NOW;
import static io.rollbook.engine.deployment.Builders.aDeployment;
import static io.rollbook.engine.deployment.Builders.aPod;
import static io.rollbook.engine.deployment.Builders.aReplicaSet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariants of the RollingUpdate pass over random states (ResolveFenceposts, rolling.go): never more than replicas +
 * maxSurge pods, never fewer available than replicas - maxUnavailable through its own scale-downs,
 * never an exception; and a whole rollout always finishes.
 */
class RolloutPropertiesTest {

    record Rs(int spec, int available) {
    }

    /** stale: desired-replicas annotations disagree with replicas (scaling path); podPhase null = pods unknown. */
    record Flags(boolean stale, boolean paused, boolean recreate, String podPhase) {
    }

    record State(int replicas, IntOrPercent surge, IntOrPercent unavailable, Rs newRs, List<Rs> old, Flags flags) {

        Deployment deployment() {
            var b = aDeployment().withReplicas(replicas).withImage("foo:v2").withRollingUpdate(surge, unavailable)
                    .withPaused(flags.paused).withStatus(replicas, 0, replicas, replicas, 0);
            return (flags.recreate ? b.withRecreate() : b).build();
        }

        List<ReplicaSet> replicaSets() {
            List<ReplicaSet> rss = new ArrayList<>();
            int desired = flags.stale ? replicas + 1 : replicas;
            for (int i = 0; i < old.size(); i++) {
                rss.add(rs("foo-old" + i, "foo:o" + i, i + 1, old.get(i), desired, 1000 - i * 10L));
            }
            if (newRs != null) {
                rss.add(rs("foo-new", "foo:v2", old.size() + 1, newRs, desired, 10));
            }
            return rss;
        }

        List<Pod> pods(List<ReplicaSet> rss) {
            if (flags.podPhase == null) {
                return null;
            }
            return rss.stream().filter(rs -> rs.statusOrEmpty().replicas() > 0)
                    .map(rs -> aPod("p-" + rs.name(), rs, flags.podPhase.isEmpty() ? null : flags.podPhase)).toList();
        }

        Fenceposts expected() {
            return expectedFenceposts(replicas, surge, unavailable);
        }
    }

    private static ReplicaSet rs(String name, String image, long revision, Rs rs, int desired, long age) {
        return aReplicaSet(name).withImage(image).withRevision(revision).withReplicas(rs.spec)
                .withStatus(rs.spec, rs.available, rs.available).withReplicaAnnotations(desired, desired + 1)
                .createdSecondsAgo(age).build();
    }

    /** An oracle for ResolveFenceposts, independent of Fenceposts: MaxSurge and the clamped MaxUnavailable. */
    static Fenceposts expectedFenceposts(int replicas, IntOrPercent surge, IntOrPercent unavailable) {
        int s = surge.isInt() ? surge.intValue() : (percent(surge) * replicas + 99) / 100;
        int u = unavailable.isInt() ? unavailable.intValue() : percent(unavailable) * replicas / 100;
        if (s == 0 && u == 0) {
            u = 1;
        }
        return new Fenceposts(s, replicas == 0 ? 0 : Math.min(u, replicas));
    }

    private static int percent(IntOrPercent v) {
        return Integer.parseInt(v.stringValue().substring(0, v.stringValue().length() - 1));
    }

    private static boolean rawZero(IntOrPercent v) {
        return v.isInt() ? v.intValue() == 0 : v.stringValue().equals("0%");
    }

    @Provide
    Arbitrary<IntOrPercent> intOrPercent() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 10).map(IntOrPercent::ofInt),
                Arbitraries.integers().between(0, 100).map(n -> IntOrPercent.ofString(n + "%")));
    }

    private static Arbitrary<Rs> rsState() {
        return Arbitraries.integers().between(0, 30)
                .flatMap(spec -> Arbitraries.integers().between(0, spec).map(available -> new Rs(spec, available)));
    }

    private Arbitrary<State> states(Arbitrary<Flags> flags, double newMissing) {
        return Combinators.combine(Arbitraries.integers().between(0, 50), intOrPercent(), intOrPercent(),
                        rsState().injectNull(newMissing), rsState().list().ofMaxSize(3), flags)
                .as(State::new)
                .filter(s -> !(rawZero(s.surge()) && rawZero(s.unavailable())));
    }

    @Provide
    Arbitrary<State> rollingStates() {
        return states(Arbitraries.just(new Flags(false, false, false, null)), 0.1);
    }

    @Provide
    Arbitrary<State> anyStates() {
        Arbitrary<String> phases = Arbitraries.of("Pending", "Running", "Unknown", "", "Failed", "Succeeded")
                .injectNull(0.3);
        Arbitrary<Boolean> oneInFour = Arbitraries.integers().between(0, 3).map(i -> i == 0);
        return states(Combinators.combine(oneInFour, oneInFour, Arbitraries.of(true, false), phases).as(Flags::new),
                0.2);
    }

    private static Plan rollingPlan(State s) {
        Plan plan = Reconciler.reconcile(s.deployment(), s.replicaSets(), null, NOW);
        assertThat(plan.path()).isEqualTo(PlanPath.ROLLOUT_ROLLING);
        return plan;
    }

    private static int specSum(List<ReplicaSet> rss) {
        return rss.stream().mapToInt(ReplicaSet::specReplicas).sum();
    }

    /** Σ available after the plan's scale actions on ReplicaSets other than {@code newName}: min(available, new size). */
    static int availableAfter(List<ReplicaSet> before, Plan plan, String newName) {
        Map<String, Integer> size = new HashMap<>();
        plan.actions().stream().filter(a -> a instanceof Action.Scale && !a.replicaSet().equals(newName))
                .forEach(a -> size.put(a.replicaSet(), ((Action.Scale) a).to()));
        return before.stream().mapToInt(rs -> Math.min(rs.statusOrEmpty().availableReplicas(),
                size.getOrDefault(rs.name(), Integer.MAX_VALUE))).sum();
    }

    @Property(tries = 2000)
    void aPassNeverTakesPodsAboveReplicasPlusMaxSurge(@ForAll("rollingStates") State s) {
        List<ReplicaSet> before = s.replicaSets();
        int maxTotal = s.replicas() + s.expected().maxSurge();

        Plan plan = rollingPlan(s);

        Statistics.label("starts within the surge ceiling").collect(specSum(before) <= maxTotal);
        Statistics.label("plan grows or creates").collect(plan.actions().stream().anyMatch(a -> a instanceof Action.Create
                || a instanceof Action.Scale sc && sc.to() > sc.from()));
        if (specSum(before) <= maxTotal) {
            assertThat(specSum(Cluster.apply(before, plan, NOW))).as(Builders.describe(plan).toString())
                    .isLessThanOrEqualTo(maxTotal);
        }
    }

    @Property(tries = 2000)
    void oldScaleDownsNeverTakeAvailabilityBelowMinAvailable(@ForAll("rollingStates") State s) {
        List<ReplicaSet> before = s.replicaSets();
        int minAvailable = s.replicas() - s.expected().maxUnavailable();
        int availableBefore = before.stream().mapToInt(rs -> rs.statusOrEmpty().availableReplicas()).sum();

        Plan plan = rollingPlan(s);

        Statistics.label("starts at or above minAvailable").collect(availableBefore >= minAvailable);
        Statistics.label("an old ReplicaSet is scaled down").collect(plan.actions().stream().anyMatch(a ->
                a instanceof Action.Scale sc && !sc.replicaSet().equals("foo-new") && sc.to() < sc.from()));
        if (availableBefore >= minAvailable) {
            assertThat(availableAfter(before, plan, "foo-new")).as(Builders.describe(plan).toString())
                    .isGreaterThanOrEqualTo(minAvailable);
        }
    }

    @Property(tries = 2000)
    void noStateMakesTheReconcilerThrow(@ForAll("anyStates") State s) {
        List<ReplicaSet> rss = s.replicaSets();

        Plan plan = Reconciler.reconcile(s.deployment(), rss, s.pods(rss), NOW);

        Statistics.label("path").collect(plan.path());
        assertThat(plan).isNotNull();
        assertThat(plan.status()).isNotNull();
    }

    @Property(tries = 300)
    void aRolloutFromV1ToV2AlwaysCompletesWithinTheLimits(@ForAll @IntRange(min = 0, max = 30) int replicas,
                                                           @ForAll("intOrPercent") IntOrPercent surge,
                                                           @ForAll("intOrPercent") IntOrPercent unavailable,
                                                           @ForAll boolean newPodsSlow) {
        Assume.that(!(rawZero(surge) && rawZero(unavailable)));
        Fenceposts f = expectedFenceposts(replicas, surge, unavailable);
        int maxTotal = replicas + f.maxSurge();
        int minAvailable = replicas - f.maxUnavailable();
        Deployment d = aDeployment().withReplicas(replicas).withImage("foo:v2").withRollingUpdate(surge, unavailable)
                .withGeneration(2).withObservedGeneration(1).withCompleteStatus().build();
        List<ReplicaSet> rss = List.of(aReplicaSet("foo-v1").withImage("foo:v1").withRevision(1).withReplicas(replicas)
                .healthy().withReplicaAnnotations(replicas, maxTotal).build());
        String newName = null;

        for (int step = 0; step < 200 && !done(rss, newName, replicas); step++) {
            Plan plan = Reconciler.reconcile(d, rss, null, NOW);
            assertThat(plan.path()).isEqualTo(PlanPath.ROLLOUT_ROLLING);
            assertThat(plan.error()).isNull();
            List<ReplicaSet> after = Cluster.apply(rss, plan, NOW);
            newName = newName != null ? newName : after.get(after.size() - 1).name();
            String at = "step " + step + ": " + Builders.describe(plan);
            assertThat(specSum(after)).as(at).isLessThanOrEqualTo(maxTotal);
            assertThat(availableAfter(rss, plan, newName)).as(at).isGreaterThanOrEqualTo(minAvailable);
            // the ReplicaSet controller: pods appear at once; in the slow variant the new ones only every other step
            rss = newPodsSlow && step % 2 == 0 ? Cluster.allAvailableExcept(after, newName) : Cluster.allAvailable(after);
            d = Cluster.apply(d, plan);
        }

        assertThat(done(rss, newName, replicas)).as("rollout finished: %s", rss.stream()
                .map(rs -> rs.name() + "=" + rs.specReplicas()).toList()).isTrue();
    }

    /** New ReplicaSet at replicas, every other one at 0. */
    private static boolean done(List<ReplicaSet> rss, String newName, int replicas) {
        return newName != null && rss.stream().allMatch(rs -> rs.specReplicas()
                == (rs.name().equals(newName) ? replicas : 0));
    }
}
