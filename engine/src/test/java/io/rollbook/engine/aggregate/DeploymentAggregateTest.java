package io.rollbook.engine.aggregate;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Delete;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Pause;
import io.rollbook.api.command.Restart;
import io.rollbook.api.command.Resume;
import io.rollbook.api.command.Scale;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.command.Undo;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.verbs.Decision;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rollbook.engine.aggregate.Rejections.rejection;
import static org.assertj.core.api.Assertions.assertThat;

/** given/when/then for every Deployment command, including every rejection. */
class DeploymentAggregateTest {

    private static final ObjectRef NGINX = ObjectRef.deployment("default", "nginx-deployment");
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private FixtureConfiguration<DeploymentAggregate> fixture;
    private final AtomicInteger ids = new AtomicInteger();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DeploymentAggregate.class);
    }

    private DeploymentCommand command(CommandPayload payload) {
        return new DeploymentCommand(CommandEnvelope.of("c-" + ids.incrementAndGet(), NGINX,
                T0.plusSeconds(ids.get()), "alice", null, payload));
    }

    private static Deployment nginx() throws IOException {
        return (Deployment) Manifests.parse(Files.readString(Path.of("..", "examples", "nginx-deployment.yaml")))
                .get(0);
    }

    @Test
    void applyCreatesTheDeploymentAndItsFirstReplicaSet() throws IOException {
        fixture.givenNoPriorActivity()
                .when(command(new Apply(nginx())))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.equalTo(
                        new Decision(Outcome.Status.Accepted, "deployment.apps/nginx-deployment created", 1L)))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.listWithAnyOf(
                                org.hamcrest.Matchers.instanceOf(ReplicaSetCreated.class))));
    }

    @Test
    void applyingTheSameManifestTwiceChangesNothing() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())))
                .when(command(new Apply(nginx())))
                .expectNoEvents()
                .expectResultMessagePayload(new Decision(Outcome.Status.Unchanged,
                        "deployment.apps/nginx-deployment unchanged", 1L));
    }

    @Test
    void anInvalidManifestIsRejectedWithTheApiServersMessage() throws IOException {
        Deployment bad = nginx().withSpec(nginx().spec().withReplicas(-1));
        fixture.givenNoPriorActivity()
                .when(command(new Apply(bad)))
                .expectNoEvents()
                .expectException(rejection(Outcome.Reason.Invalid))
                .expectExceptionMessage("The Deployment \"nginx-deployment\" is invalid: spec.replicas: "
                        + "Invalid value: -1: must be greater than or equal to 0");
    }

    @Test
    void aManifestNamedOtherwiseThanItsTargetIsABadRequest() throws IOException {
        Deployment other = nginx().withMetadata(nginx().metadata().withName("other"));
        fixture.givenNoPriorActivity()
                .when(command(new Apply(other)))
                .expectNoEvents()
                .expectException(rejection(Outcome.Reason.BadRequest))
                .expectExceptionMessage("the name of the object (other) does not match the name on the command "
                        + "(nginx-deployment)");
    }

    @Test
    void setImageStartsANewRevision() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())))
                .when(command(new SetImage(Map.of("nginx", "nginx:1.16.1"))))
                .expectResultMessagePayload(new Decision(Outcome.Status.Accepted,
                        "deployment.apps/nginx-deployment image updated", 2L))
                .expectState(d -> assertThat(d.state().replicaSets()).hasSize(2));
    }

    @Test
    void setImageOnAnUnknownContainerIsRejected() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())))
                .when(command(new SetImage(Map.of("sidecar", "envoy:1"))))
                .expectNoEvents()
                .expectException(rejection(Outcome.Reason.NotFound))
                .expectExceptionMessage("unable to find container named \"sidecar\"");
    }

    @Test
    void theSameImageIsUnchangedAndPrintsNothing() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())))
                .when(command(new SetImage(Map.of("nginx", "nginx:1.14.2"))))
                .expectNoEvents()
                .expectResultMessagePayload(new Decision(Outcome.Status.Unchanged, "", 1L));
    }

    @Test
    void scaleBelowZeroIsRejected() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())))
                .when(command(new Scale(-1)))
                .expectNoEvents()
                .expectException(rejection(Outcome.Reason.Invalid))
                .expectExceptionMessage("The Deployment \"nginx-deployment\" is invalid: spec.replicas: "
                        + "Invalid value: -1: must be greater than or equal to 0");
    }

    @Test
    void scaleOfAnUnknownDeploymentIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(command(new Scale(3)))
                .expectException(rejection(Outcome.Reason.NotFound))
                .expectExceptionMessage("deployments.apps \"nginx-deployment\" not found");
    }

    @Test
    void pauseThenPauseAgainIsRejected() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())), command(new Pause()))
                .when(command(new Pause()))
                .expectNoEvents()
                .expectException(rejection(Outcome.Reason.AlreadyPaused))
                .expectExceptionMessage("deployments.apps \"nginx-deployment\" is already paused");
    }

    @Test
    void pauseRecordsRolloutPaused() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())))
                .when(command(new Pause()))
                .expectResultMessagePayload(new Decision(Outcome.Status.Accepted,
                        "deployment.apps/nginx-deployment paused", 1L))
                .expectState(d -> assertThat(d.state().deployment().spec().isPaused()).isTrue());
    }

    @Test
    void resumeWhenNotPausedIsRejected() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())))
                .when(command(new Resume()))
                .expectException(rejection(Outcome.Reason.NotPaused))
                .expectExceptionMessage("deployments.apps \"nginx-deployment\" is not paused");
    }

    @Test
    void resumeAfterPauseRecordsRolloutResumed() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())), command(new Pause()))
                .when(command(new Resume()))
                .expectResultMessagePayload(new Decision(Outcome.Status.Accepted,
                        "deployment.apps/nginx-deployment resumed", 1L))
                .expectState(d -> assertThat(d.state().deployment().spec().isPaused()).isFalse());
    }

    @Test
    void undoToAMissingRevisionIsRejected() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())))
                .when(command(new Undo(7)))
                .expectNoEvents()
                .expectException(rejection(Outcome.Reason.NotFound))
                .expectExceptionMessage("unable to find specified revision 7 in history");
    }

    @Test
    void undoWithOnlyOneRevisionIsRejected() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())))
                .when(command(new Undo(0)))
                .expectException(rejection(Outcome.Reason.NotFound))
                .expectExceptionMessage("no rollout history found for deployment \"nginx-deployment\"");
    }

    @Test
    void undoWhilePausedIsRejected() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())),
                        command(new SetImage(Map.of("nginx", "nginx:1.16.1"))), command(new Pause()))
                .when(command(new Undo(0)))
                .expectNoEvents()
                .expectException(rejection(Outcome.Reason.Conflict))
                .expectExceptionMessage("you cannot rollback a paused deployment; resume it first with "
                        + "'kubectl rollout resume' and try again");
    }

    @Test
    void undoRollsBackAndRenumbers() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())), command(new SetImage(Map.of("nginx", "nginx:1.16.1"))))
                .when(command(new Undo(1)))
                .expectResultMessagePayload(new Decision(Outcome.Status.Accepted,
                        "deployment.apps/nginx-deployment rolled back", 3L))
                .expectState(d -> assertThat(d.state().deployment().spec().template().spec().containers().get(0)
                        .image()).isEqualTo("nginx:1.14.2"));
    }

    @Test
    void undoToTheCurrentTemplateIsSkipped() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())), command(new SetImage(Map.of("nginx", "nginx:1.16.1"))))
                .when(command(new Undo(2)))
                .expectNoEvents()
                .expectResultMessagePayload(new Decision(Outcome.Status.Unchanged,
                        "deployment.apps/nginx-deployment skipped rollback (current template already matches "
                                + "revision 2)", 2L));
    }

    @Test
    void restartSetsTheRestartedAtAnnotation() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())))
                .when(command(new Restart()))
                .expectResultMessagePayload(new Decision(Outcome.Status.Accepted,
                        "deployment.apps/nginx-deployment restarted", 2L))
                .expectState(d -> assertThat(d.state().deployment().spec().template().metadata()
                        .annotation("kubectl.kubernetes.io/restartedAt")).isNotNull());
    }

    @Test
    void restartWhilePausedIsRejected() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())), command(new Pause()))
                .when(command(new Restart()))
                .expectException(rejection(Outcome.Reason.Conflict))
                .expectExceptionMessage("deployments.apps \"nginx-deployment\" can't restart paused deployment "
                        + "(run rollout resume first)");
    }

    @Test
    void deleteRemovesTheDeploymentItsReplicaSetsAndPods() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())))
                .when(command(new Delete()))
                .expectResultMessagePayload(new Decision(Outcome.Status.Accepted,
                        "deployment.apps \"nginx-deployment\" deleted", null))
                .expectState(d -> {
                    assertThat(d.state().deployment()).isNull();
                    assertThat(d.state().replicaSets()).isEmpty();
                    assertThat(d.state().pods()).isEmpty();
                });
    }
}
