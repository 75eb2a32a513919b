package io.rollbook.infra.cli;

import io.rollbook.api.value.ObjectRef;

import java.util.List;
import java.util.Map;

/** kubectl's resource forms: {@code deployment/x}, {@code deploy x}, {@code rs/x}, {@code replicaset x}, ... */
final class Resources {

    private static final Map<String, String> KINDS = Map.of(
            "deployment", ObjectRef.DEPLOYMENT, "deployments", ObjectRef.DEPLOYMENT, "deploy", ObjectRef.DEPLOYMENT,
            "deployment.apps", ObjectRef.DEPLOYMENT, "deployments.apps", ObjectRef.DEPLOYMENT,
            "replicaset", ObjectRef.REPLICA_SET, "replicasets", ObjectRef.REPLICA_SET, "rs", ObjectRef.REPLICA_SET,
            "replicaset.apps", ObjectRef.REPLICA_SET, "replicasets.apps", ObjectRef.REPLICA_SET);

    private Resources() {
    }

    /** The kind a resource word names. */
    static String kind(String word) {
        String kind = KINDS.get(word.toLowerCase());
        if (kind == null) {
            throw new IllegalArgumentException("the server doesn't have a resource type \"" + word + "\"");
        }
        return kind;
    }

    /**
     * The object named by {@code args}: one {@code TYPE/NAME} or two words {@code TYPE NAME}.
     *
     * @throws IllegalArgumentException with kubectl's wording
     */
    static ObjectRef parse(List<String> args, String namespace) {
        if (args == null || args.isEmpty()) {
            throw new IllegalArgumentException("required resource not specified");
        }
        String type;
        String name;
        if (args.size() == 1) {
            int slash = args.get(0).indexOf('/');
            if (slash < 0) {
                kind(args.get(0)); // an unknown word is reported as kubectl does
                throw new IllegalArgumentException("you must specify the name of the resource, e.g. "
                        + args.get(0) + "/NAME");
            }
            type = args.get(0).substring(0, slash);
            name = args.get(0).substring(slash + 1);
        } else if (args.size() == 2) {
            type = args.get(0);
            name = args.get(1);
        } else {
            throw new IllegalArgumentException("expected one resource, got " + String.join(" ", args));
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("resource name may not be empty");
        }
        return new ObjectRef(kind(type), namespace, name);
    }
}
