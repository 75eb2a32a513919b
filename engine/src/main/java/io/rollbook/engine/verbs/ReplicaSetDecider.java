package io.rollbook.engine.verbs;

import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Delete;
import io.rollbook.api.command.DeletePod;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.ReportPod;
import io.rollbook.api.command.Scale;
import io.rollbook.api.command.Tick;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.ReplicaSetApplied;
import io.rollbook.api.event.ReplicaSetDeleted;
import io.rollbook.api.event.WakeUpScheduled;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.engine.apiserver.Defaults;
import io.rollbook.engine.apiserver.FieldError;
import io.rollbook.engine.apiserver.PodTemplateDefaults;
import io.rollbook.engine.apiserver.Uids;
import io.rollbook.engine.apiserver.Validation;
import io.rollbook.engine.controllers.EventSink;
import io.rollbook.engine.controllers.ReplicaSetController;
import io.rollbook.engine.controllers.WakeUps;

import java.time.Instant;
import java.util.List;

/**
 * A bare ReplicaSet (the seed's first example): keeps N pods, replaces failed ones, and answers
 * {@code apply}, {@code scale rs/x} and {@code delete}.
 */
public final class ReplicaSetDecider {

    private ReplicaSetDecider() {
    }

    public static Decision decide(WorkloadState state, CommandEnvelope cmd, Instant now, EventSink events) {
        CommandPayload payload = cmd.payload();
        FieldOwnership.Merged<ReplicaSet> serverSide = payload instanceof Apply a && a.serverSide() != null
                ? FieldOwnership.serverSide(state.replicaSet(cmd.target().name()), cmd, a, ReplicaSet.class, now)
                : null;
        EventSink sink = FieldOwnership.recording(state, cmd, now, serverSide == null ? null : serverSide.managed(),
                events);
        String name = cmd.target().name();
        ReplicaSet current = state.replicaSet(name);
        String kubectlName = cmd.target().kubectlName();
        Decision decision;
        if (payload instanceof Apply apply) {
            decision = apply(current, cmd, serverSide == null ? (ReplicaSet) apply.manifest() : serverSide.manifest(),
                    now, sink);
            if (decision.status() == Outcome.Status.Unchanged && serverSide != null
                    && serverSide.changesOwnership(current)) {
                sink.emit(new ReplicaSetApplied(current, "configured")); // a new co-owner: only managedFields change
                decision = Decision.accepted(kubectlName + " configured", null);
            }
        } else if (current == null) {
            throw Rejection.notFound("replicasets.apps", name);
        } else if (payload instanceof Scale s) {
            List<FieldError> errors = Validation.validateScale(s.replicas());
            if (!errors.isEmpty()) {
                throw Rejection.invalid("ReplicaSet", name, errors);
            }
            if (current.specReplicas() == s.replicas()) {
                return Decision.unchanged(kubectlName + " scaled", null);
            }
            sink.emit(new ReplicaSetApplied(bump(current.withSpec(current.spec().withReplicas(s.replicas()))),
                    "scaled"));
            decision = Decision.accepted(kubectlName + " scaled", null);
        } else if (payload instanceof Delete) {
            for (PodState p : state.pods()) {
                sink.emit(new PodDeleted(p.name(), p.replicaSet(), p.node()));
            }
            sink.emit(new ReplicaSetDeleted(name));
            return Decision.accepted("replicaset.apps \"" + name + "\" deleted", null);
        } else if (payload instanceof DeletePod p) {
            decision = PodDeletion.apply(state, p, sink);
        } else if (payload instanceof ReportPod r) {
            decision = PodReports.apply(state, r, sink);
        } else if (payload instanceof Tick) {
            decision = Decision.unchanged("", null);
        } else {
            throw Rejection.notApplicable(cmd.type(), "ReplicaSet");
        }
        ReplicaSetController.syncReplicaSet(state, name, now, sink);
        ReplicaSet rs = state.replicaSet(name);
        Instant next = ReplicaSetController.nextAvailability(rs, state.podsOf(name), now);
        if (WakeUps.schedule(state.wakeUpAt(), next, now, payload instanceof Tick)) {
            sink.emit(new WakeUpScheduled(next));
        }
        return decision;
    }

    private static Decision apply(ReplicaSet current, CommandEnvelope cmd, ReplicaSet manifest, Instant now,
                                  EventSink sink) {
        ReplicaSet defaulted = Defaults.apply(manifest.withMetadata(manifest.metadata()
                .withName(cmd.target().name()).withNamespace(cmd.target().namespace())));
        ReplicaSet desired = defaulted.withSpec(defaulted.spec().withTemplate(StoredTemplates.canonical(
                PodTemplateDefaults.apply(defaulted.spec().template()),
                current == null ? null : current.spec().template(), List.of())));
        List<FieldError> errors = Validation.validate(desired);
        if (!errors.isEmpty()) {
            throw Rejection.invalid("ReplicaSet", cmd.target().name(), errors);
        }
        String kubectlName = cmd.target().kubectlName();
        if (current == null) {
            var meta = desired.metadata().withGeneration(1L).withCreationTimestamp(now)
                    .withUid(Uids.uid("ReplicaSet/" + cmd.target().key() + "/" + cmd.commandId()));
            sink.emit(new ReplicaSetApplied(desired.withMetadata(meta).withStatus(null), "created"));
            return Decision.accepted(kubectlName + " created", null);
        }
        List<FieldError> immutable = Validation.validateSelectorUpdate(current.spec().selector(),
                desired.spec().selector());
        if (!immutable.isEmpty()) {
            throw Rejection.invalid("ReplicaSet", cmd.target().name(), immutable);
        }
        ReplicaSet next = current.withSpec(desired.spec()).withMetadata(current.metadata()
                .withLabels(desired.metadata().labels()).withAnnotations(desired.metadata().annotations()));
        if (next.equals(current)) {
            return Decision.unchanged(kubectlName + " unchanged", null);
        }
        sink.emit(new ReplicaSetApplied(next.spec().equals(current.spec()) ? next : bump(next), "configured"));
        return Decision.accepted(kubectlName + " configured", null);
    }

    private static ReplicaSet bump(ReplicaSet rs) {
        return rs.withMetadata(rs.metadata().withGeneration(rs.metadata().generationOrZero() + 1));
    }
}
