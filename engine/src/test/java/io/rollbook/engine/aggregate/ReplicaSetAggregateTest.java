package io.rollbook.engine.aggregate;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Delete;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Pause;
import io.rollbook.api.command.ReportPod;
import io.rollbook.api.command.Scale;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.domain.PodState;
import io.rollbook.engine.verbs.Decision;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rollbook.engine.aggregate.Rejections.rejection;
import static org.assertj.core.api.Assertions.assertThat;

/** given/when/then for the bare ReplicaSet of the seed: keeps N pods, replaces failed ones, scales. */
class ReplicaSetAggregateTest {

    private static final ObjectRef MYAPP = ObjectRef.replicaSet("default", "myapp-replicaset");
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
        fixture.givenCommands(command(new Apply(myapp())))
                .when(command(new Scale(5)))
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
                .expectState(rs -> {
                    assertThat(rs.state().pods()).extracting(PodState::name).doesNotContain(victim);
                    assertThat(rs.state().pods()).filteredOn(PodState::active).hasSize(3);
                });
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
                .expectException(rejection(Outcome.Reason.NotFound))
                .expectExceptionMessage("replicasets.apps \"myapp-replicaset\" not found");
    }

    @Test
    void rolloutVerbsDoNotApplyToAReplicaSet() throws IOException {
        fixture.givenCommands(command(new Apply(myapp())))
                .when(command(new Pause()))
                .expectException(rejection(Outcome.Reason.BadRequest))
                .expectExceptionMessage("Pause does not apply to a ReplicaSet");
    }

    @Test
    void deleteRemovesTheReplicaSetAndItsPods() throws IOException {
        fixture.givenCommands(command(new Apply(myapp())))
                .when(command(new Delete()))
                .expectResultMessagePayload(new Decision(Outcome.Status.Accepted,
                        "replicaset.apps \"myapp-replicaset\" deleted", null))
                .expectState(rs -> assertThat(rs.state().pods()).isEmpty());
    }

    /** The first pod's name is derived, not random: the same in every run. */
    private static final class PodNameOfFirst {
        static final String name = io.rollbook.engine.controllers.PodNames.name("myapp-replicaset", 0);
    }
}
