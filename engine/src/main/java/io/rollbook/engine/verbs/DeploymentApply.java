package io.rollbook.engine.verbs;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.RolloutPaused;
import io.rollbook.api.event.RolloutResumed;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.apiserver.Defaults;
import io.rollbook.engine.apiserver.FieldError;
import io.rollbook.engine.apiserver.PodTemplateDefaults;
import io.rollbook.engine.apiserver.Uids;
import io.rollbook.engine.apiserver.Validation;
import io.rollbook.engine.controllers.ControllerLoop;
import io.rollbook.engine.controllers.EventSink;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@code kubectl apply -f} of a Deployment: created, configured or unchanged, as the API server decides. */
final class DeploymentApply {

    private DeploymentApply() {
    }

    static Decision apply(WorkloadState state, CommandEnvelope cmd, Deployment manifest, Instant now, EventSink sink) {
        String name = manifest.metadata().name();
        if (name != null && !name.equals(cmd.target().name())) {
            throw Rejection.nameMismatch(name, cmd.target().name());
        }
        Deployment defaulted = Defaults.apply(manifest.withMetadata(manifest.metadata()
                .withName(cmd.target().name()).withNamespace(cmd.target().namespace())));
        Deployment current = state.deployment();
        Deployment desired = defaulted.withSpec(defaulted.spec().withTemplate(
                StoredTemplates.canonical(PodTemplateDefaults.apply(defaulted.spec().template()),
                        current == null ? null : current.spec().template(), state.replicaSets())));
        List<FieldError> errors = Validation.validate(desired);
        if (!errors.isEmpty()) {
            throw Rejection.invalid("Deployment", cmd.target().name(), errors);
        }
        String kubectlName = cmd.target().kubectlName();
        if (current == null) {
            sink.emit(new DeploymentApplied(created(desired, cmd, now), "created"));
            ControllerLoop.run(state, now, sink);
            return Decision.accepted(kubectlName + " created", null);
        }
        checkImmutable(current, desired);
        Deployment next = configured(current, desired, cmd.changeCause());
        if (next.spec().equals(current.spec()) && next.metadata().equals(current.metadata())) {
            return Decision.unchanged(kubectlName + " unchanged", null);
        }
        sink.emit(new DeploymentApplied(next, "configured"));
        if (next.spec().isPaused() != current.spec().isPaused()) {
            sink.emit(next.spec().isPaused() ? new RolloutPaused() : new RolloutResumed());
        }
        ControllerLoop.run(state, now, sink);
        return Decision.accepted(kubectlName + " configured", null);
    }

    private static Deployment created(Deployment desired, CommandEnvelope cmd, Instant now) {
        ObjectMeta meta = desired.metadata()
                .withUid(Uids.uid("Deployment/" + cmd.target().key() + "/" + cmd.commandId()))
                .withGeneration(1L)
                .withCreationTimestamp(now);
        return desired.withMetadata(ChangeCause.record(meta, cmd.changeCause())).withStatus(null);
    }

    /**
     * The applied object over the stored one: spec and labels as written, annotations as written plus
     * the controller's own (revision, the canary's) and the change-cause; generation + 1 when the spec changed.
     */
    private static Deployment configured(Deployment current, Deployment desired, String cause) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (desired.metadata().annotations() != null) {
            annotations.putAll(desired.metadata().annotations());
        }
        String revision = current.metadata().annotation(WellKnown.REVISION_ANNOTATION);
        if (revision != null) {
            annotations.put(WellKnown.REVISION_ANNOTATION, revision);
        }
        for (String key : WellKnown.CANARY_CONTROLLER_ANNOTATIONS) {
            String value = current.metadata().annotation(key);
            if (value != null) {
                annotations.put(key, value);
            }
        }
        if (cause != null) {
            annotations.put(WellKnown.CHANGE_CAUSE_ANNOTATION, cause);
        }
        long generation = current.metadata().generationOrZero()
                + (Objects.equals(current.spec(), desired.spec()) ? 0 : 1);
        ObjectMeta meta = current.metadata().withLabels(desired.metadata().labels())
                .withAnnotations(annotations).withGeneration(generation);
        return current.withSpec(desired.spec()).withMetadata(meta).withStatus(current.status());
    }

    /** apps/v1 selectors cannot change after creation. */
    private static void checkImmutable(Deployment current, Deployment desired) {
        List<FieldError> errors = Validation.validateSelectorUpdate(current.spec().selector(),
                desired.spec().selector());
        if (!errors.isEmpty()) {
            throw Rejection.invalid("Deployment", current.metadata().name(), errors);
        }
    }
}
