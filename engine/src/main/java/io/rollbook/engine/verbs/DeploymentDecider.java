package io.rollbook.engine.verbs;

import io.rollbook.api.command.Abort;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Delete;
import io.rollbook.api.command.DeletePod;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Pause;
import io.rollbook.api.command.Promote;
import io.rollbook.api.command.ReportPod;
import io.rollbook.api.command.Restart;
import io.rollbook.api.command.Resume;
import io.rollbook.api.command.Scale;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.command.Tick;
import io.rollbook.api.command.Undo;
import io.rollbook.api.event.CanaryAborted;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.event.ReplicaSetDeleted;
import io.rollbook.api.event.RolledBack;
import io.rollbook.api.event.RolloutPaused;
import io.rollbook.api.event.RolloutResumed;
import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentSpec;
import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.Revisions;
import io.rollbook.api.state.CanaryState;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.RevisionOutcome;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.apiserver.FieldError;
import io.rollbook.engine.apiserver.PodTemplateDefaults;
import io.rollbook.engine.apiserver.Validation;
import io.rollbook.engine.controllers.CanaryController;
import io.rollbook.engine.controllers.ControllerLoop;
import io.rollbook.engine.controllers.EventSink;
import io.rollbook.engine.deployment.util.Annotations;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a Deployment does with a command: for the user verbs kubectl's rules and messages (as its
 * cmd/scale, cmd/set set_image.go and the polymorphichelpers objectpauser.go, objectresumer.go,
 * objectrestarter.go and rollback.go have them), then the controllers until they settle. Pure:
 * state, command and time in; events out.
 */
public final class DeploymentDecider {

    private DeploymentDecider() {
    }

    /**
     * Decides {@code cmd} at {@code now}, emitting events into {@code sink} (which applies them to
     * {@code state}). The decision carries the rollout transitions the events made.
     *
     * @throws Rejection before emitting anything, when a rule refuses the command
     */
    public static Decision decide(WorkloadState state, CommandEnvelope cmd, Instant now, EventSink sink) {
        RolloutTransitions.Before before = RolloutTransitions.Before.of(state);
        List<RollbookEvent> events = new ArrayList<>();
        FieldOwnership.Merged<Deployment> serverSide = cmd.payload() instanceof Apply a && a.serverSide() != null
                ? FieldOwnership.serverSide(state.deployment(), cmd, a, Deployment.class, now) : null;
        Decision decision = decideCommand(state, cmd, serverSide, now, FieldOwnership.recording(state, cmd, now,
                serverSide == null ? null : serverSide.managed(), e -> {
                    events.add(e);
                    sink.emit(e);
                }));
        return new Decision(decision.status(), decision.message(), decision.revision(),
                RolloutTransitions.of(cmd, before, state, events, now));
    }

    private static Decision decideCommand(WorkloadState state, CommandEnvelope cmd,
                                          FieldOwnership.Merged<Deployment> serverSide, Instant now, EventSink sink) {
        CommandPayload payload = cmd.payload();
        if (payload instanceof Apply apply) {
            Deployment current = state.deployment();
            Decision d = DeploymentApply.apply(state, cmd, serverSide == null ? (Deployment) apply.manifest()
                    : serverSide.manifest(), now, sink);
            if (d.status() == Outcome.Status.Unchanged && serverSide != null && serverSide.changesOwnership(current)) {
                // a manager applying values that are there already becomes their co-owner: only managedFields change
                sink.emit(new DeploymentApplied(current, "configured"));
                d = Decision.accepted(cmd.target().kubectlName() + " configured", null);
            }
            return withRevision(d, state);
        }
        Deployment d = state.deployment();
        if (d == null) {
            throw Rejection.notFound("deployments.apps", cmd.target().name());
        }
        String name = cmd.target().kubectlName();
        Decision decision;
        if (payload instanceof Scale s) {
            decision = scale(d, s.replicas(), name, sink);
        } else if (payload instanceof SetImage s) {
            decision = setImage(d, s.images(), cmd.changeCause(), name, sink);
        } else if (payload instanceof Pause) {
            decision = pause(d, true, name, sink);
        } else if (payload instanceof Resume) {
            decision = pause(d, false, name, sink);
        } else if (payload instanceof Restart) {
            decision = restart(d, now, name, sink);
        } else if (payload instanceof Undo u) {
            decision = undo(state, d, u, name, sink);
        } else if (payload instanceof Delete) {
            return delete(state, cmd.target(), sink);
        } else if (payload instanceof DeletePod p) {
            decision = PodDeletion.apply(state, p, sink);
        } else if (payload instanceof ReportPod r) {
            decision = PodReports.apply(state, r, sink);
        } else if (payload instanceof Tick) {
            decision = Decision.unchanged("", null);
        } else if (payload instanceof Promote p) {
            decision = promote(state, d, p.full(), name, sink);
        } else if (payload instanceof Abort) {
            decision = abort(state, d, cmd.issuedBy(), name, sink);
        } else {
            throw Rejection.notApplicable(cmd.type(), "Deployment");
        }
        ControllerLoop.run(state, now, sink, payload instanceof Tick);
        return withRevision(decision, state);
    }

    /** {@code kubectl scale}: the scale subresource's validation, then spec.replicas; the same size is Unchanged. */
    private static Decision scale(Deployment d, int replicas, String name, EventSink sink) {
        List<FieldError> errors = Validation.validateScale(replicas);
        if (!errors.isEmpty()) {
            throw Rejection.invalid("Deployment", d.metadata().name(), errors);
        }
        if (d.spec().replicasOrDefault() == replicas) {
            return Decision.unchanged(name + " scaled", null);
        }
        sink.emit(new DeploymentApplied(bump(d, d.spec().withReplicas(replicas)), "scaled"));
        return Decision.accepted(name + " scaled", null);
    }

    /**
     * set_image.go: each named container (or init container; {@code *} for all containers) takes
     * its image; an unknown name is {@code unable to find container named}; the same images change
     * nothing, and kubectl then prints nothing.
     */
    private static Decision setImage(Deployment d, Map<String, String> images, String cause, String name,
                                     EventSink sink) {
        PodTemplateSpec template = d.spec().template();
        List<Container> containers = new ArrayList<>(template.spec().containers());
        List<Container> init = template.spec().initContainers() == null ? new ArrayList<>()
                : new ArrayList<>(template.spec().initContainers());
        for (Map.Entry<String, String> e : images.entrySet()) {
            if (!replaceImage(containers, e.getKey(), e.getValue()) && !replaceImage(init, e.getKey(), e.getValue())
                    && !"*".equals(e.getKey())) {
                throw new Rejection(Outcome.Reason.NotFound, "unable to find container named \"" + e.getKey() + "\"");
            }
            if ("*".equals(e.getKey())) {
                containers.replaceAll(c -> c.withImage(e.getValue()));
            }
        }
        PodTemplateSpec updated = template.withSpec(template.spec().withContainers(containers)
                .withInitContainers(init.isEmpty() ? null : init));
        if (updated.equals(template)) {
            return Decision.unchanged("", null); // kubectl prints nothing for the same image
        }
        Deployment next = bump(d, d.spec().withTemplate(PodTemplateDefaults.apply(updated)));
        sink.emit(new DeploymentApplied(next.withMetadata(ChangeCause.record(next.metadata(), cause)), "image-updated"));
        return Decision.accepted(name + " image updated", null);
    }

    private static boolean replaceImage(List<Container> containers, String name, String image) {
        for (int i = 0; i < containers.size(); i++) {
            if (containers.get(i).name().equals(name)) {
                containers.set(i, containers.get(i).withImage(image));
                return true;
            }
        }
        return false;
    }

    /**
     * objectpauser.go / objectresumer.go for a Deployment: {@code spec.paused}; pausing a paused
     * Deployment is {@code is already paused}, resuming one that is not {@code is not paused}.
     */
    private static Decision pause(Deployment d, boolean pause, String name, EventSink sink) {
        String resource = "deployments.apps \"" + d.metadata().name() + "\"";
        if (d.spec().isPaused() == pause) {
            throw pause ? new Rejection(Outcome.Reason.AlreadyPaused, resource + " is already paused")
                    : new Rejection(Outcome.Reason.NotPaused, resource + " is not paused");
        }
        sink.emit(new DeploymentApplied(bump(d, d.spec().withPaused(pause)), pause ? "paused" : "resumed"));
        sink.emit(pause ? new RolloutPaused() : new RolloutResumed());
        return Decision.accepted(name + (pause ? " paused" : " resumed"), null);
    }

    /**
     * objectrestarter.go: the template annotation {@code kubectl.kubernetes.io/restartedAt} set to
     * now (RFC 3339, whole seconds), which makes a new template and so a rollout; refused while paused.
     */
    private static Decision restart(Deployment d, Instant now, String name, EventSink sink) {
        if (d.spec().isPaused()) {
            throw new Rejection(Outcome.Reason.Conflict, "deployments.apps \"" + d.metadata().name()
                    + "\" can't restart paused deployment (run rollout resume first)");
        }
        PodTemplateSpec t = d.spec().template();
        String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        var meta = t.metadata().withAnnotations(Maps.with(t.metadata().annotations(),
                WellKnown.RESTARTED_AT_ANNOTATION, at));
        sink.emit(new DeploymentApplied(bump(d, d.spec().withTemplate(PodTemplateDefaults.apply(t.withMetadata(meta)))),
                "restarted"));
        return Decision.accepted(name + " restarted", null);
    }

    /**
     * {@code kubectl rollout undo} ({@link DeploymentRollbacker}): the patch, and RolledBack with
     * the revision the controller will give the old ReplicaSet (one more than any other's). A target
     * revision whose outcome is failed is refused (Conflict) unless the undo is forced.
     */
    private static Decision undo(WorkloadState state, Deployment d, Undo u, String name, EventSink sink) {
        DeploymentRollbacker.Result result = DeploymentRollbacker.undo(d, state.replicaSets(), u.toRevision());
        if (result instanceof DeploymentRollbacker.Refused r) {
            throw new Rejection(r.reason(), r.message());
        }
        if (result instanceof DeploymentRollbacker.Patch p && !u.force()) {
            refuseFailed(state.revisionOutcome(p.revision()));
        }
        if (result instanceof DeploymentRollbacker.Skipped s) {
            return Decision.unchanged(name + " " + s.message(), null);
        }
        DeploymentRollbacker.Patch patch = (DeploymentRollbacker.Patch) result;
        long from = Annotations.revisionOrZero(d);
        Deployment next = bump(d, d.spec().withTemplate(patch.template()));
        next = next.withMetadata(next.metadata().withAnnotations(patch.annotations()));
        sink.emit(new DeploymentApplied(next, "rolled-back"));
        long newRevision = 1 + state.replicaSets().stream().filter(rs -> rs != patch.from())
                .mapToLong(rs -> Revisions.orZero(rs.metadata())).max().orElse(0);
        sink.emit(new RolledBack(from, patch.revision(), newRevision));
        return Decision.accepted(name + " rolled back", null);
    }

    /** Rollbook's rule: never back to a revision whose rollout failed, unless the undo says {@code --force}. */
    private static void refuseFailed(RevisionOutcome outcome) {
        if (outcome != null && RevisionOutcome.FAILED.equals(outcome.outcome())) {
            throw new Rejection(Outcome.Reason.Conflict, "revision " + outcome.revision() + " failed at "
                    + outcome.at() + " (" + outcome.reason() + "); use --force to roll back to it anyway");
        }
    }

    /**
     * {@code rollbook rollout promote [--full]}: the canary's next step now, or past every step. Refused
     * for a Deployment without {@code rollbook.io/canary-steps} (BadRequest) or with no canary running
     * (Conflict), in kubectl's manner.
     */
    private static Decision promote(WorkloadState state, Deployment d, boolean full, String name, EventSink sink) {
        CanaryState c = runningCanary(state, d);
        CanaryController.promote(state, c, full).forEach(sink::emit);
        return Decision.accepted(name + " promoted" + (full ? " fully" : ""), null);
    }

    /** {@code rollbook rollout abort}: the canary stops and every replica goes back to the stable revision. */
    private static Decision abort(WorkloadState state, Deployment d, String actor, String name, EventSink sink) {
        CanaryState c = runningCanary(state, d);
        CanaryController.abort(state, c, CanaryAborted.ABORT, actor, "aborted by " + actor + " at step "
                + (c.step() + 1) + " of " + c.steps() + " (" + c.description() + ")", sink);
        return Decision.accepted(name + " aborted", null);
    }

    private static CanaryState runningCanary(WorkloadState state, Deployment d) {
        String resource = "deployments.apps \"" + d.metadata().name() + "\"";
        if (d.metadata().annotation(WellKnown.CANARY_STEPS_ANNOTATION) == null) {
            throw new Rejection(Outcome.Reason.BadRequest, resource + " has no canary steps (annotation "
                    + WellKnown.CANARY_STEPS_ANNOTATION + ")");
        }
        CanaryState c = CanaryController.current(state);
        if (c == null) {
            throw new Rejection(Outcome.Reason.Conflict, resource + " has no canary in progress");
        }
        return c;
    }

    /** {@code kubectl delete}: the Deployment, and with it (as the garbage collector does) its ReplicaSets and pods. */
    private static Decision delete(WorkloadState state, ObjectRef target, EventSink sink) {
        for (PodState p : state.pods()) {
            sink.emit(new PodDeleted(p.name(), p.replicaSet(), p.node()));
        }
        for (ReplicaSet rs : state.replicaSets()) {
            sink.emit(new ReplicaSetDeleted(rs.name()));
        }
        sink.emit(new DeploymentDeleted(target.name()));
        return Decision.accepted("deployment.apps \"" + target.name() + "\" deleted", null);
    }

    /** A spec change: generation + 1, as the API server does. */
    private static Deployment bump(Deployment d, DeploymentSpec spec) {
        return d.withSpec(spec).withStatus(null)
                .withMetadata(d.metadata().withGeneration(d.metadata().generationOrZero() + 1));
    }

    private static Decision withRevision(Decision decision, WorkloadState state) {
        Deployment d = state.deployment();
        Long revision = d == null ? null : Annotations.revisionOrZero(d);
        return new Decision(decision.status(), decision.message(), revision == null || revision == 0 ? null : revision);
    }

}
