package io.rollbook.infra.jmh;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.OwnerReference;
import io.rollbook.api.manifest.Pod;
import io.rollbook.api.manifest.PodStatus;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.state.PodState;
import io.rollbook.engine.deployment.Plan;
import io.rollbook.engine.deployment.Reconciler;
import io.rollbook.infra.bench.Rollouts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One reconcile ({@link Reconciler#reconcile}) of a 10-replica Deployment with three ReplicaSets,
 * mid-rollout, on one thread. The goal is 1,000,000 a second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class PlannerBenchmark {

    private Deployment deployment;
    private List<ReplicaSet> replicaSets;
    private List<Pod> pods;
    private Instant now;

    @Setup
    public void setUp() {
        Rollouts r = Rollouts.threeReplicaSets(10, 2);
        deployment = r.state().deployment();
        replicaSets = r.state().replicaSets();
        now = r.now();
        pods = new ArrayList<>();
        for (PodState p : r.state().pods()) {
            ReplicaSet owner = r.state().replicaSet(p.replicaSet());
            pods.add(new Pod(Pod.API_VERSION, Pod.KIND, ObjectMeta.named("default", p.name())
                    .withOwnerReferences(List.of(new OwnerReference("apps/v1", "ReplicaSet", owner.name(),
                            owner.metadata().uid(), true, true))),
                    null, new PodStatus(p.phase(), null, null, null, null)));
        }
    }

    /** What {@code rollbook plan} does without pods. */
    @Benchmark
    public Plan reconcile() {
        return Reconciler.reconcile(deployment, replicaSets, null, now);
    }

    /** What the engine's controller loop does: the pods are passed too (Recreate waits on them). */
    @Benchmark
    public Plan reconcileWithPods() {
        return Reconciler.reconcile(deployment, replicaSets, pods, now);
    }
}
