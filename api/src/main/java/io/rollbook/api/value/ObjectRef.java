package io.rollbook.api.value;

import io.rollbook.api.manifest.WellKnown;

import java.util.Objects;

/**
 * The object a command targets or an event belongs to: kind, namespace and name. A Namespace is
 * cluster-scoped: its {@code namespace} is always empty.
 */
public record ObjectRef(String kind, String namespace, String name) {

    public static final String DEPLOYMENT = "Deployment";
    public static final String REPLICA_SET = "ReplicaSet";
    public static final String NETWORK_POLICY = "NetworkPolicy";
    public static final String NAMESPACE = "Namespace";
    public static final String NETWORK_ATTACHMENT_DEFINITION = "NetworkAttachmentDefinition";

    private static final String REPLICA_SETS = "replicasets";
    private static final String NETWORK_POLICIES = "networkpolicies";
    private static final String NAMESPACES = "namespaces";
    private static final String NETWORK_ATTACHMENT_DEFINITIONS = "network-attachment-definitions";

    public ObjectRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        namespace = NAMESPACE.equals(kind) ? ""
                : namespace == null || namespace.isEmpty() ? WellKnown.DEFAULT_NAMESPACE : namespace;
    }

    public static ObjectRef deployment(String namespace, String name) {
        return new ObjectRef(DEPLOYMENT, namespace, name);
    }

    public static ObjectRef replicaSet(String namespace, String name) {
        return new ObjectRef(REPLICA_SET, namespace, name);
    }

    public static ObjectRef networkPolicy(String namespace, String name) {
        return new ObjectRef(NETWORK_POLICY, namespace, name);
    }

    public static ObjectRef namespace(String name) {
        return new ObjectRef(NAMESPACE, null, name);
    }

    public static ObjectRef networkAttachmentDefinition(String namespace, String name) {
        return new ObjectRef(NETWORK_ATTACHMENT_DEFINITION, namespace, name);
    }

    /** Whether this kind is stored configuration (Namespace, NetworkPolicy, NetworkAttachmentDefinition). */
    public boolean isConfig() {
        return NETWORK_POLICY.equals(kind) || NAMESPACE.equals(kind) || NETWORK_ATTACHMENT_DEFINITION.equals(kind);
    }

    /** {@code namespace/name}: the Kafka key of commands and events ({@code /name} for a Namespace). */
    public String key() {
        return namespace + "/" + name;
    }

    /**
     * The event-sourced aggregate's id: {@code namespace/name} for a Deployment (the contract's
     * example), {@code namespace/replicasets/name} for a bare ReplicaSet, so that the two kinds may
     * share a name as in Kubernetes; likewise {@code namespace/networkpolicies/name},
     * {@code namespace/network-attachment-definitions/name} and {@code /namespaces/name}. Names cannot
     * contain '/' and namespaces are never empty, so the forms never collide, and
     * {@link #keyOfAggregate} of each is {@link #key()}.
     */
    public String aggregateId() {
        return switch (kind) {
            case DEPLOYMENT -> key();
            case NETWORK_POLICY -> namespace + "/" + NETWORK_POLICIES + "/" + name;
            case NAMESPACE -> "/" + NAMESPACES + "/" + name;
            case NETWORK_ATTACHMENT_DEFINITION -> namespace + "/" + NETWORK_ATTACHMENT_DEFINITIONS + "/" + name;
            default -> namespace + "/" + REPLICA_SETS + "/" + name;
        };
    }

    /** The Kafka key ({@code namespace/name}) of the object an aggregate id names. */
    public static String keyOfAggregate(String aggregateId) {
        int first = aggregateId.indexOf('/');
        int last = aggregateId.lastIndexOf('/');
        return first == last ? aggregateId : aggregateId.substring(0, first) + aggregateId.substring(last);
    }

    /** The object an aggregate id names (the inverse of {@link #aggregateId()}); a bare name is a Deployment. */
    public static ObjectRef ofAggregate(String aggregateId) {
        int first = aggregateId.indexOf('/');
        int last = aggregateId.lastIndexOf('/');
        if (first < 0) {
            return deployment(null, aggregateId);
        }
        String namespace = aggregateId.substring(0, first);
        String name = aggregateId.substring(last + 1);
        if (first == last) {
            return deployment(namespace, name);
        }
        return switch (aggregateId.substring(first + 1, last)) {
            case NETWORK_POLICIES -> networkPolicy(namespace, name);
            case NAMESPACES -> namespace(name);
            case NETWORK_ATTACHMENT_DEFINITIONS -> networkAttachmentDefinition(namespace, name);
            default -> replicaSet(namespace, name);
        };
    }

    /**
     * kubectl's name of the object: {@code deployment.apps/name}, {@code replicaset.apps/name},
     * {@code networkpolicy.networking.k8s.io/name}, {@code namespace/name},
     * {@code networkattachmentdefinition.k8s.cni.cncf.io/name}.
     */
    public String kubectlName() {
        return kubectlType() + "/" + name;
    }

    /** kubectl's type word with its group: {@code deployment.apps}, {@code namespace}, ... */
    public String kubectlType() {
        return switch (kind) {
            case NETWORK_POLICY -> "networkpolicy.networking.k8s.io";
            case NAMESPACE -> "namespace";
            case NETWORK_ATTACHMENT_DEFINITION -> "networkattachmentdefinition.k8s.cni.cncf.io";
            default -> kind.toLowerCase() + ".apps";
        };
    }

    /** The API server's resource for "not found" messages: {@code deployments.apps}, {@code namespaces}, ... */
    public String resource() {
        return switch (kind) {
            case NETWORK_POLICY -> "networkpolicies.networking.k8s.io";
            case NAMESPACE -> NAMESPACES;
            case NETWORK_ATTACHMENT_DEFINITION -> "network-attachment-definitions.k8s.cni.cncf.io";
            default -> kind.toLowerCase() + "s.apps";
        };
    }
}
