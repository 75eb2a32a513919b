package io.rollbook.engine.verbs;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Delete;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.event.ObjectApplied;
import io.rollbook.api.event.ObjectDeleted;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.Namespace;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.manifest.networking.NetworkAttachmentDefinition;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import io.rollbook.api.state.ConfigObjectState;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.network.AttachmentNetwork;
import io.rollbook.engine.apiserver.ConfigObjectValidation;
import io.rollbook.engine.apiserver.FieldError;
import io.rollbook.engine.apiserver.Uids;
import io.rollbook.engine.controllers.EventSink;
import io.rollbook.api.state.ConfigObjectState;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a stored configuration object (Namespace, NetworkPolicy, NetworkAttachmentDefinition) does
 * with a command: apply creates, configures or leaves it unchanged with kubectl's messages, delete
 * removes it; nothing else applies. Pure: state, command and time in; events out.
 */
public final class ConfigObjectDecider {

    /** Namespaces the API server refuses to delete. */
    static final Set<String> UNDELETABLE = Set.of(WellKnown.DEFAULT_NAMESPACE, "kube-system", "kube-public");

    private ConfigObjectDecider() {
    }

    /**
     * Decides {@code cmd} at {@code now}, emitting events into {@code sink}.
     *
     * @throws Rejection before emitting anything, when a rule refuses the command
     */
    public static Decision decide(ConfigObjectState state, CommandEnvelope cmd, Instant now, EventSink sink) {
        ObjectRef target = cmd.target();
        if (cmd.payload() instanceof Apply apply) {
            if (apply.serverSide() != null) { // its manifest is a part of an object, never the whole
                throw new Rejection(Outcome.Reason.BadRequest, "server-side apply is served for Deployments and"
                        + " ReplicaSets, not for a " + target.kind());
            }
            return apply(state.object(), cmd, apply.manifest(), now, sink);
        }
        if (cmd.payload() instanceof Delete) {
            if (ObjectRef.NAMESPACE.equals(target.kind()) && UNDELETABLE.contains(target.name())) {
                throw new Rejection(Outcome.Reason.Forbidden, "namespaces \"" + target.name()
                        + "\" is forbidden: this namespace may not be deleted");
            }
            if (state.object() == null) {
                throw Rejection.notFound(target.resource(), target.name());
            }
            sink.emit(new ObjectDeleted(target.kind(), target.name()));
            return Decision.accepted(target.kubectlType() + " \"" + target.name() + "\" deleted", null);
        }
        throw Rejection.notApplicable(cmd.type(), target.kind());
    }

    private static Decision apply(KubeObject current, CommandEnvelope cmd, KubeObject manifest, Instant now,
                                  EventSink sink) {
        ObjectRef target = cmd.target();
        String name = manifest.metadata().name();
        if (name != null && !name.equals(target.name())) {
            throw Rejection.nameMismatch(name, target.name());
        }
        ObjectMeta meta = manifest.metadata().withName(target.name())
                .withNamespace(ObjectRef.NAMESPACE.equals(target.kind()) ? null : target.namespace());
        KubeObject desired = ConfigObjectValidation.defaults(withMetadata(manifest, meta));
        List<FieldError> errors = ConfigObjectValidation.validate(desired);
        if (!errors.isEmpty()) {
            throw Rejection.invalid(target.kind(), target.name(), errors);
        }
        if (current == null) {
            ObjectMeta created = ChangeCause.record(desired.metadata(), cmd.changeCause())
                    .withUid(Uids.uid(target.kind() + "/" + target.key() + "/" + cmd.commandId()))
                    .withGeneration(hasGeneration(desired) ? 1L : null)
                    .withCreationTimestamp(now);
            sink.emit(new ObjectApplied("created", Codec.toTree(withMetadata(desired, created))));
            return Decision.accepted(target.kubectlName() + " created", null);
        }
        boolean specChanged = !Objects.equals(spec(current), spec(desired));
        ObjectMeta configured = current.metadata().withLabels(desired.metadata().labels())
                .withAnnotations(ChangeCause.record(desired.metadata(), cmd.changeCause()).annotations())
                .withGeneration(hasGeneration(desired)
                        ? current.metadata().generationOrZero() + (specChanged ? 1 : 0) : null);
        KubeObject next = withMetadata(desired, configured);
        if (next.equals(current)) {
            return Decision.unchanged(target.kubectlName() + " unchanged", null);
        }
        sink.emit(new ObjectApplied("configured", Codec.toTree(next)));
        return Decision.accepted(target.kubectlName() + " configured", null);
    }

    private static boolean hasGeneration(KubeObject o) {
        return !(o instanceof Namespace); // namespaces carry no metadata.generation
    }

    private static Object spec(KubeObject o) {
        if (o instanceof NetworkPolicy p) {
            return p.spec();
        }
        if (o instanceof NetworkAttachmentDefinition nad) {
            return nad.spec();
        }
        return ((Namespace) o).spec();
    }

    private static KubeObject withMetadata(KubeObject o, ObjectMeta meta) {
        if (o instanceof NetworkPolicy p) {
            return p.withMetadata(meta);
        }
        if (o instanceof NetworkAttachmentDefinition nad) {
            return nad.withMetadata(meta);
        }
        if (o instanceof Namespace ns) {
            return ns.withMetadata(meta);
        }
        throw new Rejection(Outcome.Reason.BadRequest, o.kind() + " is not stored as configuration");
    }
}
