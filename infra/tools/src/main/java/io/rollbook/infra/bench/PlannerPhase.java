package io.rollbook.infra.bench;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.engine.deployment.Plan;
import io.rollbook.engine.deployment.Reconciler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * plannerReconcilesPerSecond: {@link Reconciler#reconcile} of a 10-replica Deployment with three
 * ReplicaSets, mid-rollout ({@link Rollouts#threeReplicaSets}, the state JMH's {@code PlannerBenchmark}
 * measures), on one thread, without pods (what {@code rollbook plan} does). Three warm-up rounds,
 * then three measured rounds of {@link BenchConfig#plannerRound} each; the median counts and every
 * round is in a note. JMH stays the reference figure; this one is measured in the same run as the
 * others, so the goals table shows it.
 */
final class PlannerPhase {

    private final BenchConfig config;
    private final BenchReport report;
    /** Every plan's action count, summed, so the JIT cannot drop the reconcile as unused. */
    private long actions;

    PlannerPhase(BenchConfig config, BenchReport report) {
        this.config = config;
        this.report = report;
    }

    void run() {
        Rollouts r = Rollouts.threeReplicaSets(10, 2);
        Deployment deployment = r.state().deployment();
        List<ReplicaSet> replicaSets = r.state().replicaSets();
        Instant now = r.now();
        for (int i = 0; i < 3; i++) {
            round(deployment, replicaSets, now);
        }
        List<Double> rounds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rounds.add(round(deployment, replicaSets, now));
        }
        List<Double> sorted = rounds.stream().sorted().toList();
        report.put("plannerReconcilesPerSecond", sorted.get(1));
        report.note(String.format("planner: 3 rounds of %d ms after 3 warm-up ones: %.0f, %.0f, %.0f reconciles/s"
                        + " (median counts; %d actions planned in all)", config.plannerRound().toMillis(),
                rounds.get(0), rounds.get(1), rounds.get(2), actions));
    }

    /** Reconciles for one round's time, checking the clock every 1,000; returns reconciles per second. */
    private double round(Deployment deployment, List<ReplicaSet> replicaSets, Instant now) {
        long budget = config.plannerRound().toNanos();
        long start = System.nanoTime();
        long n = 0;
        long elapsed;
        do {
            for (int i = 0; i < 1_000; i++) {
                Plan plan = Reconciler.reconcile(deployment, replicaSets, null, now);
                actions += plan.actions().size();
            }
            n += 1_000;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return n / (elapsed / 1e9);
    }
}
