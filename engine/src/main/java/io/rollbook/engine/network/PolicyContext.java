package io.rollbook.engine.network;

import io.rollbook.api.manifest.Namespace;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.manifest.networking.NetworkPolicy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What policy evaluation reads of the cluster: every NetworkPolicy and the labels of every
 * namespace. A namespace that was never applied (like {@code default}) still exists, with only
 * the {@code kubernetes.io/metadata.name} label the API server gives every namespace.
 */
public record PolicyContext(List<NetworkPolicy> policies, Map<String, Map<String, String>> namespaceLabels) {

    public PolicyContext {
        policies = List.copyOf(policies);
        namespaceLabels = Map.copyOf(namespaceLabels);
    }

    /** The context of these policies and namespaces. */
    public static PolicyContext of(List<NetworkPolicy> policies, List<Namespace> namespaces) {
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        namespaces.forEach(ns -> labels.put(ns.metadata().name(), ns.effectiveLabels()));
        return new PolicyContext(policies, labels);
    }

    /** The namespace's labels, {@code kubernetes.io/metadata.name} included. */
    public Map<String, String> labelsOf(String namespace) {
        return namespaceLabels.getOrDefault(namespace, Map.of(WellKnown.NAMESPACE_NAME_LABEL, namespace));
    }

    /** The policies of one namespace, in the order given. */
    public List<NetworkPolicy> policiesIn(String namespace) {
        return policies.stream().filter(p -> namespace.equals(namespaceOf(p))).toList();
    }

    static String namespaceOf(NetworkPolicy p) {
        return p.metadata().namespace() == null ? WellKnown.DEFAULT_NAMESPACE : p.metadata().namespace();
    }
}
