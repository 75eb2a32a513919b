package io.rollbook.projections.objects;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.event.ObjectApplied;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.Namespace;
import io.rollbook.api.manifest.networking.NetworkAttachmentDefinition;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import io.rollbook.api.state.ConfigObjectState;
import io.rollbook.api.value.ObjectRef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * The stored configuration objects (Namespaces, NetworkPolicies, NetworkAttachmentDefinitions) as
 * the log leaves them: one {@link ConfigObjectState} (the one fold of their events) per object.
 * Lists come out by namespace, then name. Not thread-safe: {@code ProjectionStore} guards it.
 */
public final class ConfigObjects {

    private static final Comparator<KubeObject> BY_NAMESPACE_AND_NAME = Comparator
            .comparing((KubeObject o) -> o.metadata().namespace() == null ? "" : o.metadata().namespace())
            .thenComparing(o -> o.metadata().name());

    private final Map<ObjectRef, ConfigObjectState> objects = new HashMap<>();

    /**
     * Folds one event of the log of {@code owner} (the object its aggregate id names); the logs of
     * workloads are not read.
     */
    public void apply(ObjectRef owner, RollbookEvent event) {
        if (!owner.isConfig()) {
            return;
        }
        ConfigObjectState state = objects.computeIfAbsent(owner, k -> new ConfigObjectState());
        state.apply(event);
        if (state.object() == null) {
            objects.remove(owner);
        }
    }

    /** Every stored object as stored, by the object its aggregate id names (what a checkpoint writes). */
    public Map<ObjectRef, KubeObject> stored() {
        Map<ObjectRef, KubeObject> out = new TreeMap<>(Comparator.comparing(ObjectRef::aggregateId));
        objects.forEach((ref, state) -> out.put(ref, state.object()));
        return out;
    }

    /** Forgets every object (before a checkpoint is loaded). */
    public void clear() {
        objects.clear();
    }

    /** Holds {@code object} for {@code owner} again, as a checkpoint had it. */
    public void restore(ObjectRef owner, KubeObject object) {
        ConfigObjectState state = new ConfigObjectState();
        state.apply(new ObjectApplied("created", Codec.toTree(object)));
        if (state.object() != null) {
            objects.put(owner, state);
        }
    }

    /** The object, if it exists. */
    public Optional<KubeObject> get(ObjectRef ref) {
        ConfigObjectState state = objects.get(ref);
        return Optional.ofNullable(state == null ? null : served(state.object()));
    }

    /**
     * The object as the API server serves it. A Namespace always carries its name label: the engine
     * stores it so today, and one a log of an earlier version stored without it gets it here.
     */
    private static KubeObject served(KubeObject o) {
        return o instanceof Namespace ns ? ns.withNameLabel() : o;
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
        for (ConfigObjectState state : objects.values()) {
            KubeObject o = served(state.object());
            if (type.isInstance(o) && (namespace == null || namespace.equals(o.metadata().namespace()))) {
                out.add(type.cast(o));
            }
        }
        out.sort(BY_NAMESPACE_AND_NAME);
        return List.copyOf(out);
    }
}
