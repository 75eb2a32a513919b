package io.rollbook.api.value;

import java.util.Objects;

/** The object a command targets or an event belongs to: kind, namespace and name. */
public record ObjectRef(String kind, String namespace, String name) {

    public static final String DEPLOYMENT = "Deployment";
    public static final String REPLICA_SET = "ReplicaSet";

    public ObjectRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        namespace = namespace == null || namespace.isEmpty() ? "default" : namespace;
    }

    public static ObjectRef deployment(String namespace, String name) {
        return new ObjectRef(DEPLOYMENT, namespace, name);
    }

    public static ObjectRef replicaSet(String namespace, String name) {
        return new ObjectRef(REPLICA_SET, namespace, name);
    }

    /** {@code namespace/name}: the Kafka key of commands and events. */
    public String key() {
        return namespace + "/" + name;
    }

    /**
     * The event-sourced aggregate's id: {@code namespace/name} for a Deployment (the contract's
     * example), {@code namespace/replicasets/name} for a bare ReplicaSet, so that the two kinds may
     * share a name as in Kubernetes. Names cannot contain '/', so the forms never collide.
     */
    public String aggregateId() {
        return DEPLOYMENT.equals(kind) ? key() : namespace + "/replicasets/" + name;
    }

    /** The Kafka key ({@code namespace/name}) of the object an aggregate id names. */
    public static String keyOfAggregate(String aggregateId) {
        int first = aggregateId.indexOf('/');
        int last = aggregateId.lastIndexOf('/');
        return first == last ? aggregateId : aggregateId.substring(0, first) + aggregateId.substring(last);
    }

    /** kubectl's {@code deployment.apps/name} or {@code replicaset.apps/name}. */
    public String kubectlName() {
        return kind.toLowerCase() + ".apps/" + name;
    }
}
