package io.rollbook.infra.kube;

import java.util.List;

/**
 * The resource types served to kubectl: apps/v1 Deployments and ReplicaSets, v1 Pods, Namespaces and
 * Events, with what discovery says about them.
 */
public enum Resource {
    DEPLOYMENTS("apps", "deployments", "deployment", "Deployment", "deploy", true, true),
    REPLICASETS("apps", "replicasets", "replicaset", "ReplicaSet", "rs", true, true),
    PODS("", "pods", "pod", "Pod", "po", true, false),
    NAMESPACES("", "namespaces", "namespace", "Namespace", "ns", false, false),
    EVENTS("", "events", "event", "Event", "ev", true, false);

    static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    private final String group;
    private final String plural;
    private final String singular;
    private final String kind;
    private final String shortName;
    private final boolean namespaced;
    private final boolean scalable;

    Resource(String group, String plural, String singular, String kind, String shortName, boolean namespaced,
             boolean scalable) {
        this.group = group;
        this.plural = plural;
        this.singular = singular;
        this.kind = kind;
        this.shortName = shortName;
        this.namespaced = namespaced;
        this.scalable = scalable;
    }

    public String group() {
        return group;
    }

    public String plural() {
        return plural;
    }

    public String singular() {
        return singular;
    }

    public String kind() {
        return kind;
    }

    public String shortName() {
        return shortName;
    }

    public boolean namespaced() {
        return namespaced;
    }

    public boolean scalable() {
        return scalable;
    }

    /** {@code apps/v1} or {@code v1}. */
    public String apiVersion() {
        return group.isEmpty() ? "v1" : group + "/v1";
    }

    /** {@code deployments.apps}, {@code pods}: how the API server names the type in messages. */
    public String qualified() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** Whether kubectl may write it here (Deployments, ReplicaSets); the rest is read-only. */
    public boolean writable() {
        return this == DEPLOYMENTS || this == REPLICASETS;
    }

    /** The resource of {@code plural} in {@code group} ("" for core), or null. */
    public static Resource of(String group, String plural) {
        for (Resource r : values()) {
            if (r.group.equals(group) && r.plural.equals(plural)) {
                return r;
            }
        }
        return null;
    }
}
