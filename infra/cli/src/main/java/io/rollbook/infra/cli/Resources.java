package io.rollbook.infra.cli;

import io.rollbook.api.value.ObjectRef;

import java.util.List;
import java.util.Map;

/**
 * kubectl's resource forms: {@code deployment/x}, {@code deploy x}, {@code rs/x}, {@code replicaset x},
 * {@code netpol/x}, {@code ns/x}, {@code net-attach-def/x}, ...
 */
final class Resources {

    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("deployment", ObjectRef.DEPLOYMENT), Map.entry("deployments", ObjectRef.DEPLOYMENT),
            Map.entry("deploy", ObjectRef.DEPLOYMENT), Map.entry("deployment.apps", ObjectRef.DEPLOYMENT),
            Map.entry("deployments.apps", ObjectRef.DEPLOYMENT),
            Map.entry("replicaset", ObjectRef.REPLICA_SET), Map.entry("replicasets", ObjectRef.REPLICA_SET),
            Map.entry("rs", ObjectRef.REPLICA_SET), Map.entry("replicaset.apps", ObjectRef.REPLICA_SET),
            Map.entry("replicasets.apps", ObjectRef.REPLICA_SET),
            Map.entry("networkpolicy", ObjectRef.NETWORK_POLICY),
            Map.entry("networkpolicies", ObjectRef.NETWORK_POLICY),
            Map.entry("netpol", ObjectRef.NETWORK_POLICY),
            Map.entry("networkpolicy.networking.k8s.io", ObjectRef.NETWORK_POLICY),
            Map.entry("networkpolicies.networking.k8s.io", ObjectRef.NETWORK_POLICY),
            Map.entry("namespace", ObjectRef.NAMESPACE), Map.entry("namespaces", ObjectRef.NAMESPACE),
            Map.entry("ns", ObjectRef.NAMESPACE),
            Map.entry("network-attachment-definition", ObjectRef.NETWORK_ATTACHMENT_DEFINITION),
            Map.entry("network-attachment-definitions", ObjectRef.NETWORK_ATTACHMENT_DEFINITION),
            Map.entry("net-attach-def", ObjectRef.NETWORK_ATTACHMENT_DEFINITION),
            Map.entry("networkattachmentdefinition", ObjectRef.NETWORK_ATTACHMENT_DEFINITION),
            Map.entry("networkattachmentdefinitions", ObjectRef.NETWORK_ATTACHMENT_DEFINITION),
            Map.entry("networkattachmentdefinition.k8s.cni.cncf.io", ObjectRef.NETWORK_ATTACHMENT_DEFINITION));

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
