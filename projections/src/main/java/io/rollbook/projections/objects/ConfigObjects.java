package io.rollbook.projections.objects;

import io.rollbook.api.codec.ManifestException;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.ObjectApplied;
import io.rollbook.api.event.ObjectDeleted;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.Namespace;
import io.rollbook.api.manifest.networking.NetworkAttachmentDefinition;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import io.rollbook.api.value.ObjectRef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored configuration objects (Namespaces, NetworkPolicies, NetworkAttachmentDefinitions) as
 * the log leaves them, folded from {@code ObjectApplied} and {@code ObjectDeleted}. Lists come out
 * by namespace, then name. Not thread-safe: {@code ProjectionStore} guards it, replays use their own.
 */
public final class ConfigObjects {

    private static final Comparator<KubeObject> BY_NAMESPACE_AND_NAME = Comparator
            .comparing((KubeObject o) -> o.metadata().namespace() == null ? "" : o.metadata().namespace())
            .thenComparing(o -> o.metadata().name());

    private final Map<ObjectRef, KubeObject> objects = new HashMap<>();

    /** Folds one envelope; events of workloads are ignored, as is an object the api cannot read. */
    public void apply(EventEnvelope e) {
        if (e.data() instanceof ObjectApplied a) {
            try {
                objects.put(ObjectRef.ofAggregate(e.aggregate()), a.manifest());
            } catch (ManifestException ex) {
                objects.remove(ObjectRef.ofAggregate(e.aggregate())); // not a kind this reader knows
            }
        } else if (e.data() instanceof ObjectDeleted) {
            objects.remove(ObjectRef.ofAggregate(e.aggregate()));
        }
    }

    /** The object, if it exists. */
    public Optional<KubeObject> get(ObjectRef ref) {
        return Optional.ofNullable(objects.get(ref));
    }

    /** Every stored Namespace, by name. */
    public List<Namespace> namespaces() {
        return of(Namespace.class, null);
    }

    /** NetworkPolicies of {@code namespace}, or of all namespaces when null. */
    public List<NetworkPolicy> networkPolicies(String namespace) {
        return of(NetworkPolicy.class, namespace);
    }

    /** NetworkAttachmentDefinitions of {@code namespace}, or of all namespaces when null. */
    public List<NetworkAttachmentDefinition> networkAttachmentDefinitions(String namespace) {
        return of(NetworkAttachmentDefinition.class, namespace);
    }

    private <T extends KubeObject> List<T> of(Class<T> type, String namespace) {
        List<T> out = new ArrayList<>();
        for (KubeObject o : objects.values()) {
            if (type.isInstance(o) && (namespace == null || namespace.equals(o.metadata().namespace()))) {
                out.add(type.cast(o));
            }
        }
        out.sort(BY_NAMESPACE_AND_NAME);
        return List.copyOf(out);
    }
}
