package io.rollbook.engine.verbs;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.Snapshots;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.engine.aggregate.FoldedAggregate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restore from a snapshot is never a different state: for random command sequences (those of
 * {@link CommandSequencePropertiesTest}, with kubelet steps between them) and a random point of
 * their log, the state folded up to that point, written as a snapshot, read back and folded with
 * the rest of the log, equals the state folded from the whole log: as the snapshot codec writes it,
 * and as the controllers read it.
 */
class SnapshotFoldPropertiesTest {

    @Property(tries = 200)
    void snapshotPlusTailEqualsTheWholeLog(@ForAll("sequences") List<CommandPayload> commands,
                                           @ForAll("cuts") double cut) throws Snapshots.Unreadable {
        Simulation sim = new Simulation(CommandSequencePropertiesTest.NAME);
        for (CommandPayload c : commands) {
            try {
                sim.send(c);
            } catch (Rejection e) {
                // refused: nothing logged
            }
            sim.kubeletStep(c.hashCode() % 2 == 0);
        }
        String id = sim.target.aggregateId();
        int at = (int) Math.round(cut * sim.log.size());
        FoldedAggregate head = FoldedAggregate.empty(id);
        for (int i = 0; i < at; i++) {
            head.fold(id, sim.log.get(i), sim.times.get(i));
        }
        byte[] written = Snapshots.encode(head.snapshot(id, at, 1000L + at));
        FoldedAggregate restored = FoldedAggregate.of(Snapshots.decodeAggregate(written));
        FoldedAggregate whole = FoldedAggregate.empty(id);
        for (int i = 0; i < sim.log.size(); i++) {
            whole.fold(id, sim.log.get(i), sim.times.get(i));
            if (i >= at) {
                restored.fold(id, sim.log.get(i), sim.times.get(i));
            }
        }
        assertThat(Codec.toTree(restored.snapshot(id, 1, 2))).isEqualTo(Codec.toTree(whole.snapshot(id, 1, 2)));
        sameAsTheControllersReadIt(((io.rollbook.engine.aggregate.DeploymentAggregate) restored).state(),
                ((io.rollbook.engine.aggregate.DeploymentAggregate) whole).state());
    }

    private static void sameAsTheControllersReadIt(WorkloadState restored, WorkloadState whole) {
        assertThat(restored.deployment()).isEqualTo(whole.deployment());
        assertThat(restored.replicaSets()).isEqualTo(whole.replicaSets());
        assertThat(restored.pods()).isEqualTo(whole.pods());
        for (ReplicaSet rs : whole.replicaSets()) {
            assertThat(restored.podsOf(rs.name())).isEqualTo(whole.podsOf(rs.name()));
            assertThat(restored.nextPodOrdinal(rs.name())).isEqualTo(whole.nextPodOrdinal(rs.name()));
        }
        for (PodState p : whole.pods()) {
            assertThat(restored.podsOf(p.replicaSet())).isEqualTo(whole.podsOf(p.replicaSet()));
        }
        assertThat(restored.wakeUpAt()).isEqualTo(whole.wakeUpAt());
        assertThat(restored.completedRevision()).isEqualTo(whole.completedRevision());
        assertThat(restored.revisionOutcomes()).isEqualTo(whole.revisionOutcomes());
        assertThat(restored.canary()).isEqualTo(whole.canary());
        for (long r : whole.revisionOutcomes().keySet()) {
            assertThat(restored.progressDeadlineHandled(r)).isEqualTo(whole.progressDeadlineHandled(r));
            assertThat(restored.startedByAutomaticRollback(r)).isEqualTo(whole.startedByAutomaticRollback(r));
        }
    }

    @Provide
    Arbitrary<List<CommandPayload>> sequences() {
        return new CommandSequencePropertiesTest().sequences();
    }

    @Provide
    Arbitrary<Double> cuts() {
        return Arbitraries.doubles().between(0, 1);
    }
}
