package io.rollbook.engine.aggregate;

import io.rollbook.engine.controllers.PodNames;
import io.rollbook.engine.verbs.ReplicaSetDecider;
import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Delete;
import io.rollbook.api.command.DeletePod;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Pause;
import io.rollbook.api.command.ReportPod;
import io.rollbook.api.command.Scale;
import io.rollbook.api.event.PodCrashed;
import io.rollbook.api.event.PodCreated;
import io.rollbook.api.event.PodRestarted;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.PodFailed;
import io.rollbook.api.event.PodTerminating;
import io.rollbook.api.event.ReplicaSetApplied;
import io.rollbook.api.event.ReplicaSetDeleted;
import io.rollbook.api.event.ReplicaSetStatusChanged;
import io.rollbook.api.fields.FieldPath;
import io.rollbook.api.fields.FieldSet;
import io.rollbook.api.manifest.ManagedFieldsEntry;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetStatus;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.api.state.PodState;
import io.rollbook.engine.verbs.Decision;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rollbook.engine.aggregate.Rejections.rejection;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * given/when/then for the bare ReplicaSet of the seed: keeps N pods, replaces failed ones, scales;
 * the events of each verb asserted exactly, so that any change to the log shows here.
 */
class ReplicaSetAggregateTest {

    private static final String NAME = "myapp-replicaset";
    private static final ObjectRef MYAPP = ObjectRef.replicaSet("default", NAME);
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private FixtureConfiguration<ReplicaSetAggregate> fixture;
    private final AtomicInteger ids = new AtomicInteger();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ReplicaSetAggregate.class);
    }

    private ReplicaSetCommand command(CommandPayload payload) {
        return new ReplicaSetCommand(CommandEnvelope.of("c-" + ids.incrementAndGet(), MYAPP,
                T0.plusSeconds(ids.get()), "alice", null, payload));
    }

    private static ReplicaSet myapp() throws IOException {
        return (ReplicaSet) Manifests.parse(Files.readString(Path.of("..", "examples", "myapp-replicaset.yaml"))).get(0);
    }

    @Test
    void applyCreatesThreePods() throws IOException {
        fixture.givenNoPriorActivity()
                .when(command(new Apply(myapp())))
                .expectResultMessagePayload(new Decision(Outcome.Status.Accepted,
                        "replicaset.apps/myapp-replicaset created", null))
                .expectState(rs -> assertThat(rs.state().pods()).hasSize(3));
    }

    @Test
    void scaleGrowsThePodCount() throws IOException {
        ReplicaSetCommand apply = command(new Apply(myapp()));
        ReplicaSet stored = after(apply).replicaSet(NAME);
        ReplicaSetCommand scale = command(new Scale(5));
        ManagedFieldsEntry created = stored.metadata().managedFields().get(0);
        FieldSet replicas = FieldSet.of(FieldPath.of("f:spec", "f:replicas"));
        fixture.givenCommands(apply)
                .when(scale)
                .expectEvents(
                        // the scale subresource's manager takes spec.replicas from the one that created it
                        new ReplicaSetApplied(stored.withSpec(stored.spec().withReplicas(5))
                                .withMetadata(stored.metadata().withGeneration(2L).withManagedFields(List.of(
                                        created.withFields(created.fields().minus(replicas), created.time()),
                                        ManagedFieldsEntry.of("rollbook", "Update", "apps/v1",
                                                scale.envelope().issuedAt(), replicas, "scale")))), "scaled"),
                        new PodCreated(PodNames.name(NAME, 3), NAME, null),
                        new PodCreated(PodNames.name(NAME, 4), NAME, null),
                        new ReplicaSetStatusChanged(NAME, new ReplicaSetStatus(5, 5, 0, 0, 0, 2L, null)))
                .expectResultMessagePayload(new Decision(Outcome.Status.Accepted,
                        "replicaset.apps/myapp-replicaset scaled", null))
                .expectState(rs -> assertThat(rs.state().pods()).hasSize(5));
    }

    @Test
    void aFailedPodIsReplaced() throws IOException {
        String victim = PodNameOfFirst.name;
        fixture.givenCommands(command(new Apply(myapp())))
                .when(command(new ReportPod(victim, "Failed", "node-1", "CrashLoopBackOff")))
                .expectSuccessfulHandlerExecution()
                .expectEvents( // still 3 active pods: no new status
                        new PodFailed(victim, NAME, "node-1", "CrashLoopBackOff"),
                        new PodDeleted(victim, NAME, "node-1"), // the node the report named
                        new PodCreated(PodNames.name(NAME, 3), NAME, null))
                .expectState(rs -> {
                    assertThat(rs.state().pods()).extracting(PodState::name).doesNotContain(victim);
                    assertThat(rs.state().pods()).filteredOn(PodState::active).hasSize(3);
                });
    }

    @Test
    void aCrashedContainerIsRestartedInThePodItRunsIn() throws IOException {
        String victim = PodNameOfFirst.name;
        ReplicaSetCommand apply = command(new Apply(myapp()));
        ReplicaSetCommand running = command(new ReportPod(victim, "Running", "node-1", null));
        fixture.givenCommands(apply, running)
                .when(command(new ReportPod(victim, "Crashed", "node-1", "CrashLoopBackOff")))
                .expectEvents(new PodCrashed(victim, NAME, "node-1", "CrashLoopBackOff")) // kept: no replacement
                .expectState(rs -> {
                    PodState pod = rs.state().pod(victim);
                    assertThat(pod.phase()).isEqualTo("Running");
                    assertThat(pod.waiting()).isEqualTo("CrashLoopBackOff");
                    assertThat(pod.restartCount()).isZero();
                    assertThat(rs.state().pods()).hasSize(3);
                });
        ReplicaSetCommand crashed = command(new ReportPod(victim, "Crashed", "node-1", "CrashLoopBackOff"));
        fixture.givenCommands(apply, running, crashed)
                .when(command(new ReportPod(victim, "Restarted", "node-1", null)))
                .expectEvents(new PodRestarted(victim, NAME, "node-1"))
                .expectState(rs -> {
                    assertThat(rs.state().pod(victim).restartCount()).isEqualTo(1);
                    assertThat(rs.state().pod(victim).waiting()).isNull();
                });
        fixture.givenCommands(apply, running, crashed)
                .when(command(new ReportPod(victim, "Crashed", "node-1", "CrashLoopBackOff")))
                .expectNoEvents() // already waiting
                .expectResultMessagePayload(new Decision(Outcome.Status.Unchanged, "pod/" + victim + " unchanged",
                        null));
    }

    @Test
    void scaleBelowZeroIsRejectedWithTheApiServersMessage() throws IOException {
        fixture.givenCommands(command(new Apply(myapp())))
                .when(command(new Scale(-2)))
                .expectNoEvents()
                .expectException(rejection(Outcome.Reason.Invalid))
                .expectExceptionMessage("The ReplicaSet \"myapp-replicaset\" is invalid: spec.replicas: "
                        + "Invalid value: -2: must be greater than or equal to 0");
    }

    @Test
    void scaleOfAnUnknownReplicaSetIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(command(new Scale(2)))
                .expectNoEvents()
                .expectException(rejection(Outcome.Reason.NotFound))
                .expectExceptionMessage("replicasets.apps \"myapp-replicaset\" not found");
    }

    @Test
    void rolloutVerbsDoNotApplyToAReplicaSet() throws IOException {
        fixture.givenCommands(command(new Apply(myapp())))
                .when(command(new Pause()))
                .expectNoEvents()
                .expectException(rejection(Outcome.Reason.BadRequest))
                .expectExceptionMessage("Pause does not apply to a ReplicaSet");
    }

    @Test
    void deleteRemovesTheReplicaSetAndItsPods() throws IOException {
        fixture.givenCommands(command(new Apply(myapp())))
                .when(command(new Delete()))
                .expectEvents(
                        new PodDeleted(PodNames.name(NAME, 0), NAME, null),
                        new PodDeleted(PodNames.name(NAME, 1), NAME, null),
                        new PodDeleted(PodNames.name(NAME, 2), NAME, null),
                        new ReplicaSetDeleted(NAME))
                .expectResultMessagePayload(new Decision(Outcome.Status.Accepted,
                        "replicaset.apps \"myapp-replicaset\" deleted", null))
                .expectState(rs -> assertThat(rs.state().pods()).isEmpty());
    }

    @Test
    void deletePodBeginsItsTerminationAndTheReplicaSetReplacesIt() throws IOException {
        String victim = PodNameOfFirst.name;
        fixture.givenCommands(command(new Apply(myapp())))
                .when(command(new DeletePod(victim)))
                .expectEvents(
                        new PodTerminating(victim, NAME, null),
                        new PodCreated(PodNames.name(NAME, 3), NAME, null),
                        new ReplicaSetStatusChanged(NAME, new ReplicaSetStatus(3, 3, 0, 0, 1, 1L, null)))
                .expectResultMessagePayload(new Decision(Outcome.Status.Accepted, "pod \"" + victim + "\" deleted",
                        null))
                .expectState(rs -> {
                    assertThat(rs.state().pod(victim).terminating()).isTrue();
                    assertThat(rs.state().pods()).filteredOn(PodState::active).hasSize(3);
                });
    }

    @Test
    void deletingATerminatingPodAgainChangesNothing() throws IOException {
        String victim = PodNameOfFirst.name;
        fixture.givenCommands(command(new Apply(myapp())), command(new DeletePod(victim)))
                .when(command(new DeletePod(victim)))
                .expectNoEvents()
                .expectResultMessagePayload(new Decision(Outcome.Status.Unchanged, "pod \"" + victim + "\" deleted",
                        null));
    }

    @Test
    void deletePodOfAnUnknownPodIsNotFound() throws IOException {
        fixture.givenCommands(command(new Apply(myapp())))
                .when(command(new DeletePod("nope")))
                .expectNoEvents()
                .expectException(rejection(Outcome.Reason.NotFound))
                .expectExceptionMessage("pods \"nope\" not found");
    }

    private static WorkloadState after(ReplicaSetCommand... given) {
        return GivenState.after(ReplicaSetDecider::decide, given);
    }

    /** The first pod's name is derived, not random: the same in every run. */
    private static final class PodNameOfFirst {
        static final String name = PodNames.name("myapp-replicaset", 0);
    }
}
