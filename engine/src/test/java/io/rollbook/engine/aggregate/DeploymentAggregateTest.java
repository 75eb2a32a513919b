package io.rollbook.engine.aggregate;

import io.rollbook.engine.controllers.PodNames;
import io.rollbook.engine.verbs.DeploymentDecider;
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
import io.rollbook.api.event.ConditionChanged;
import io.rollbook.api.event.DeploymentAnnotated;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.DeploymentStatusChanged;
import io.rollbook.api.event.KubeEventRecorded;
import io.rollbook.api.event.PodCreated;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.ReplicaSetDeleted;
import io.rollbook.api.event.ReplicaSetScaled;
import io.rollbook.api.event.ReplicaSetStatusChanged;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.event.RolloutPaused;
import io.rollbook.api.event.RolloutResumed;
import io.rollbook.api.manifest.Container;
import io.rollbook.api.fields.FieldPath;
import io.rollbook.api.fields.FieldSet;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ManagedFieldsEntry;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.manifest.DeploymentSpec;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.ReplicaSetStatus;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.value.ObjectRef;
import org.axonframework.eventhandling.EventMessage;
import io.rollbook.engine.verbs.Decision;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rollbook.engine.aggregate.Rejections.rejection;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * given/when/then for every Deployment command, including every rejection; where a verb's events
 * are few they are asserted exactly, so that any change to the log shows here.
 */
class DeploymentAggregateTest {

    private static final ObjectRef NGINX = ObjectRef.deployment("default", "nginx-deployment");
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final String AVAILABLE = WellKnown.DEPLOYMENT_AVAILABLE;
    private static final String PROGRESSING = WellKnown.DEPLOYMENT_PROGRESSING;
    private static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    private static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";

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
                .expectResultMessagePayloadMatching(decided(
                        new Decision(Outcome.Status.Accepted, "deployment.apps/nginx-deployment created", 1L),
                        "started 1"))
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
                .expectEventsMatching(eventsReading(
                        "DeploymentApplied image-updated generation 2 images [nginx:1.16.1]",
                        "ReplicaSetCreated nginx-deployment-fb9687447 revision 2 replicas 1",
                        "ReplicaSetScaled nginx-deployment-bcdf65c94 3 -> 2",
                        "DeploymentAnnotated {deployment.kubernetes.io/revision=2}",
                        "KubeEventRecorded ScalingReplicaSet: Scaled up replica set nginx-deployment-fb9687447 to 1",
                        "KubeEventRecorded ScalingReplicaSet: Scaled down replica set nginx-deployment-bcdf65c94 to 2"
                                + " from 3",
                        "ConditionChanged Progressing=True NewReplicaSetCreated",
                        "DeploymentStatusChanged generation 2: 3 replicas, 0 updated, 0 available, 4 unavailable",
                        "PodDeleted nginx-deployment-bcdf65c94-74596", // never scheduled: deleted at once
                        "ReplicaSetStatusChanged nginx-deployment-bcdf65c94: 2 replicas, 0 ready",
                        "PodCreated nginx-deployment-fb9687447-qs5jn",
                        "ReplicaSetStatusChanged nginx-deployment-fb9687447: 1 replicas, 0 ready",
                        "ReplicaSetScaled nginx-deployment-fb9687447 1 -> 2",
                        "KubeEventRecorded ScalingReplicaSet: Scaled up replica set nginx-deployment-fb9687447 to 2"
                                + " from 1",
                        "ConditionChanged Progressing=True ReplicaSetUpdated",
                        "DeploymentStatusChanged generation 2: 3 replicas, 1 updated, 0 available, 3 unavailable",
                        "PodCreated nginx-deployment-fb9687447-2dj5s",
                        "ReplicaSetStatusChanged nginx-deployment-fb9687447: 2 replicas, 0 ready",
                        "DeploymentStatusChanged generation 2: 4 replicas, 2 updated, 0 available, 4 unavailable"));
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
                .expectNoEvents()
                .expectException(rejection(Outcome.Reason.NotFound))
                .expectExceptionMessage("deployments.apps \"nginx-deployment\" not found");
    }

    @Test
    void scaleUpResizesTheReplicaSetAndCreatesItsNewPods() throws IOException {
        DeploymentCommand apply = command(new Apply(nginx()));
        WorkloadState given = after(apply);
        Deployment d = given.deployment();
        String rs = given.replicaSets().get(0).name();
        DeploymentCondition available = d.status().condition(AVAILABLE); // no pod ready: unchanged throughout
        DeploymentCondition progressing = d.status().condition(PROGRESSING);
        DeploymentCommand scale = command(new Scale(5));
        fixture.givenCommands(apply)
                .when(scale)
                .expectEvents(
                        new DeploymentApplied(scaledBy(specChanged(d, d.spec().withReplicas(5)),
                                scale.envelope().issuedAt()), "scaled"),
                        new ReplicaSetScaled(rs, 3, 5, Map.of(DESIRED_REPLICAS, "5", MAX_REPLICAS, "6")),
                        new KubeEventRecorded("Normal", "ScalingReplicaSet", "Scaled up replica set " + rs
                                + " to 5 from 3"),
                        new DeploymentStatusChanged(new DeploymentStatus(2, 3, 3, 0, 0, 3, 0,
                                List.of(available, progressing), null)),
                        new PodCreated(PodNames.name(rs, 3), rs, null),
                        new PodCreated(PodNames.name(rs, 4), rs, null),
                        new ReplicaSetStatusChanged(rs, new ReplicaSetStatus(5, 5, 0, 0, 0, 2L, null)),
                        new DeploymentStatusChanged(new DeploymentStatus(2, 5, 5, 0, 0, 5, 0, List.of(available,
                                new DeploymentCondition(PROGRESSING, "True", T0.plusSeconds(2),
                                        progressing.lastTransitionTime(), progressing.reason(), progressing.message())),
                                null)))
                .expectResultMessagePayload(new Decision(Outcome.Status.Accepted,
                        "deployment.apps/nginx-deployment scaled", 1L));
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
        DeploymentCommand apply = command(new Apply(nginx()));
        Deployment d = after(apply).deployment();
        Instant t2 = T0.plusSeconds(2);
        ManagedFieldsEntry applied = d.metadata().managedFields().get(0);
        fixture.givenCommands(apply)
                .when(command(new Pause()))
                .expectEvents(
                        // the same manager (rollbook, Update) now owns spec.paused too
                        new DeploymentApplied(owned(specChanged(d, d.spec().withPaused(true)), applied.withFields(
                                applied.fields().union(FieldSet.of(FieldPath.of("f:spec", "f:paused"))), t2)),
                                "paused"),
                        new RolloutPaused(),
                        new ConditionChanged(PROGRESSING, "Unknown", "DeploymentPaused", "Deployment is paused"),
                        new DeploymentStatusChanged(d.status().withObservedGeneration(2).withConditions(List.of(
                                d.status().condition(AVAILABLE), // no pod ready yet: as it was
                                new DeploymentCondition(PROGRESSING, "Unknown", t2, t2, "DeploymentPaused",
                                        "Deployment is paused")))))
                .expectResultMessagePayloadMatching(decided(new Decision(Outcome.Status.Accepted,
                        "deployment.apps/nginx-deployment paused", 1L), "paused 1"))
                .expectState(d2 -> assertThat(d2.state().deployment().spec().isPaused()).isTrue());
    }

    @Test
    void resumeWhenNotPausedIsRejected() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())))
                .when(command(new Resume()))
                .expectNoEvents()
                .expectException(rejection(Outcome.Reason.NotPaused))
                .expectExceptionMessage("deployments.apps \"nginx-deployment\" is not paused");
    }

    @Test
    void resumeAfterPauseRecordsRolloutResumed() throws IOException {
        DeploymentCommand apply = command(new Apply(nginx()));
        DeploymentCommand pause = command(new Pause());
        Deployment p = after(apply, pause).deployment();
        fixture.givenCommands(apply, pause)
                .when(command(new Resume()))
                .expectEvents(
                        new DeploymentApplied(specChanged(p, p.spec().withPaused(false)), "resumed"),
                        new RolloutResumed(),
                        new ConditionChanged(PROGRESSING, "Unknown", "DeploymentResumed", "Deployment is resumed"),
                        new DeploymentStatusChanged(p.status().withObservedGeneration(3).withConditions(List.of(
                                p.status().condition(AVAILABLE),
                                new DeploymentCondition(PROGRESSING, "Unknown", T0.plusSeconds(3), T0.plusSeconds(2),
                                        "DeploymentResumed", "Deployment is resumed")))))
                .expectResultMessagePayloadMatching(decided(new Decision(Outcome.Status.Accepted,
                        "deployment.apps/nginx-deployment resumed", 1L), "resumed 1"))
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
                .expectNoEvents()
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
                .expectResultMessagePayloadMatching(decided(new Decision(Outcome.Status.Accepted,
                        "deployment.apps/nginx-deployment rolled back", 3L), "rolled-back 2", "started 3"))
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
                .expectEventsMatching(eventsReading(
                        "DeploymentApplied restarted generation 2 images [nginx:1.14.2]",
                        "ReplicaSetCreated nginx-deployment-7d676d7fdc revision 2 replicas 1",
                        "ReplicaSetScaled nginx-deployment-bcdf65c94 3 -> 2",
                        "DeploymentAnnotated {deployment.kubernetes.io/revision=2}",
                        "KubeEventRecorded ScalingReplicaSet: Scaled up replica set nginx-deployment-7d676d7fdc to 1",
                        "KubeEventRecorded ScalingReplicaSet: Scaled down replica set nginx-deployment-bcdf65c94 to 2"
                                + " from 3",
                        "ConditionChanged Progressing=True NewReplicaSetCreated",
                        "DeploymentStatusChanged generation 2: 3 replicas, 0 updated, 0 available, 4 unavailable",
                        "PodDeleted nginx-deployment-bcdf65c94-74596",
                        "ReplicaSetStatusChanged nginx-deployment-bcdf65c94: 2 replicas, 0 ready",
                        "PodCreated nginx-deployment-7d676d7fdc-zjk8x",
                        "ReplicaSetStatusChanged nginx-deployment-7d676d7fdc: 1 replicas, 0 ready",
                        "ReplicaSetScaled nginx-deployment-7d676d7fdc 1 -> 2",
                        "KubeEventRecorded ScalingReplicaSet: Scaled up replica set nginx-deployment-7d676d7fdc to 2"
                                + " from 1",
                        "ConditionChanged Progressing=True ReplicaSetUpdated",
                        "DeploymentStatusChanged generation 2: 3 replicas, 1 updated, 0 available, 3 unavailable",
                        "PodCreated nginx-deployment-7d676d7fdc-px6ms",
                        "ReplicaSetStatusChanged nginx-deployment-7d676d7fdc: 2 replicas, 0 ready",
                        "DeploymentStatusChanged generation 2: 4 replicas, 2 updated, 0 available, 4 unavailable"));
    }

    @Test
    void restartWhilePausedIsRejected() throws IOException {
        fixture.givenCommands(command(new Apply(nginx())), command(new Pause()))
                .when(command(new Restart()))
                .expectNoEvents()
                .expectException(rejection(Outcome.Reason.Conflict))
                .expectExceptionMessage("deployments.apps \"nginx-deployment\" can't restart paused deployment "
                        + "(run rollout resume first)");
    }

    @Test
    void deleteRemovesTheDeploymentItsReplicaSetsAndPods() throws IOException {
        DeploymentCommand apply = command(new Apply(nginx()));
        String rs = after(apply).replicaSets().get(0).name();
        fixture.givenCommands(apply)
                .when(command(new Delete()))
                .expectEvents( // pods first, in creation order, then their ReplicaSet, then the Deployment
                        new PodDeleted(PodNames.name(rs, 0), rs, null),
                        new PodDeleted(PodNames.name(rs, 1), rs, null),
                        new PodDeleted(PodNames.name(rs, 2), rs, null),
                        new ReplicaSetDeleted(rs),
                        new DeploymentDeleted("nginx-deployment"))
                .expectResultMessagePayload(new Decision(Outcome.Status.Accepted,
                        "deployment.apps \"nginx-deployment\" deleted", null))
                .expectState(d -> {
                    assertThat(d.state().deployment()).isNull();
                    assertThat(d.state().replicaSets()).isEmpty();
                    assertThat(d.state().pods()).isEmpty();
                });
    }

    private static WorkloadState after(DeploymentCommand... given) {
        return GivenState.after(DeploymentDecider::decide, given);
    }

    /**
     * {@code d} after {@code Scale} at {@code at}: the scale subresource's manager (Rollbook's, as the
     * command names none) takes spec.replicas from the manager that created it.
     */
    private static Deployment scaledBy(Deployment d, Instant at) {
        ManagedFieldsEntry created = d.metadata().managedFields().get(0);
        FieldSet replicas = FieldSet.of(FieldPath.of("f:spec", "f:replicas"));
        return owned(d, created.withFields(created.fields().minus(replicas), created.time()),
                ManagedFieldsEntry.of("rollbook", "Update", "apps/v1", at, replicas, "scale"));
    }

    private static Deployment owned(Deployment d, ManagedFieldsEntry... entries) {
        return d.withMetadata(d.metadata().withManagedFields(List.of(entries)));
    }

    /** A spec change as the API server stores it: generation + 1, status left out. */
    private static Deployment specChanged(Deployment d, DeploymentSpec spec) {
        return d.withSpec(spec).withStatus(null)
                .withMetadata(d.metadata().withGeneration(d.metadata().generationOrZero() + 1));
    }

    /**
     * The events, one line each, with what a reader of the log looks at (type, object, counts):
     * for the long lists of a new revision, where writing every object out would hide the order.
     */
    private static Matcher<List<EventMessage<?>>> eventsReading(String... lines) {
        List<String> expected = List.of(lines);
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                return read(events).equals(expected);
            }

            @Override
            public void describeTo(Description description) {
                description.appendValueList("events reading\n  ", "\n  ", "\n", expected);
            }

            @Override
            protected void describeMismatchSafely(List<EventMessage<?>> events, Description description) {
                description.appendValueList("were\n  ", "\n  ", "\n", read(events));
            }
        };
    }

    private static List<String> read(List<EventMessage<?>> events) {
        return events.stream().map(m -> line((RollbookEvent) m.getPayload())).toList();
    }

    private static String line(RollbookEvent event) {
        if (event instanceof DeploymentApplied e) {
            return "DeploymentApplied " + e.verb() + " generation " + e.deployment().metadata().generation()
                    + " images " + e.deployment().spec().template().spec().containers().stream()
                    .map(Container::image).toList();
        } else if (event instanceof ReplicaSetCreated e) {
            return "ReplicaSetCreated " + e.replicaSet().name() + " revision " + e.revision() + " replicas "
                    + e.replicaSet().specReplicas();
        } else if (event instanceof ReplicaSetScaled e) {
            return "ReplicaSetScaled " + e.replicaSet() + " " + e.from() + " -> " + e.to();
        } else if (event instanceof DeploymentAnnotated e) {
            return "DeploymentAnnotated " + e.annotations();
        } else if (event instanceof KubeEventRecorded e) {
            return "KubeEventRecorded " + e.reason() + ": " + e.message();
        } else if (event instanceof ConditionChanged e) {
            return "ConditionChanged " + e.type() + "=" + e.status() + " " + e.reason();
        } else if (event instanceof DeploymentStatusChanged e) {
            DeploymentStatus st = e.status();
            return "DeploymentStatusChanged generation " + st.observedGeneration() + ": " + st.replicas()
                    + " replicas, " + st.updatedReplicas() + " updated, " + st.availableReplicas() + " available, "
                    + st.unavailableReplicas() + " unavailable";
        } else if (event instanceof ReplicaSetStatusChanged e) {
            return "ReplicaSetStatusChanged " + e.replicaSet() + ": " + e.status().replicas() + " replicas, "
                    + e.status().readyReplicas() + " ready";
        } else if (event instanceof PodCreated e) {
            return "PodCreated " + e.pod();
        } else if (event instanceof PodDeleted e) {
            return "PodDeleted " + e.pod();
        }
        return event.toString();
    }

    /**
     * The decision {@code expected} with the rollout transitions the command made, each as
     * {@code transition revision} (the records' other fields are RolloutTransitionsTest's).
     */
    static org.hamcrest.Matcher<Object> decided(Decision expected, String... transitions) {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof Decision d && d.status() == expected.status()
                        && d.message().equals(expected.message()) && java.util.Objects.equals(d.revision(),
                        expected.revision()) && summary(d).equals(List.of(transitions));
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendValue(expected).appendText(" with transitions ").appendValue(List.of(transitions));
            }

            @Override
            protected void describeMismatchSafely(Object item, org.hamcrest.Description mismatch) {
                mismatch.appendValue(item).appendText(" with transitions ")
                        .appendValue(item instanceof Decision d ? summary(d) : null);
            }
        };
    }

    private static List<String> summary(Decision d) {
        return d.rollouts().stream().map(r -> r.transition() + " " + r.revision()).toList();
    }
}
