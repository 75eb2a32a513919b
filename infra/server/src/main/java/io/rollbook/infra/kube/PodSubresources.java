package io.rollbook.infra.kube;

import java.util.Map;

/**
 * The pod subresources that reach a container ({@code kubectl logs}, {@code exec}, {@code attach},
 * {@code port-forward}, the proxy): Rollbook's pods are the kubelet stand-in's model, with no process
 * behind them, so each is refused with a message that says so instead of an answer that pretends.
 */
final class PodSubresources {

    private static final Map<String, String> VERBS = Map.of("log", "no log to read (kubectl logs)",
            "exec", "nothing to run a command in (kubectl exec)", "attach", "nothing to attach to (kubectl attach)",
            "portforward", "no port to forward (kubectl port-forward)", "proxy", "no server to proxy to");

    private PodSubresources() {
    }

    /** Throws the 400 for a container subresource of a pod; returns for anything else. */
    static void refuse(Resource resource, String subresource) {
        if (resource != Resource.PODS || subresource == null || !VERBS.containsKey(subresource)) {
            return;
        }
        throw KubeStatus.badRequest("pods/" + subresource + " is not served: Rollbook's pods are simulated by its"
                + " kubelet stand-in and run no containers, so there is " + VERBS.get(subresource));
    }
}
