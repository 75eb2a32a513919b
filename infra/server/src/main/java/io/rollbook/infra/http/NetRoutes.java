package io.rollbook.infra.http;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.network.Endpoint;
import io.rollbook.engine.network.Ipv4;
import io.rollbook.engine.network.NetCheck;
import io.rollbook.engine.network.PodNetwork;
import io.rollbook.engine.network.PolicyContext;
import io.rollbook.infra.http.HttpApi.HttpError;
import io.rollbook.infra.http.HttpApi.Request;
import io.rollbook.infra.http.HttpApi.Response;
import io.rollbook.projections.ProjectionStore;
import io.rollbook.projections.objects.PodView;
import io.rollbook.projections.objects.Workload;
import io.rollbook.projections.text.Printed;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code net check} over HTTP: {@code GET /rollbook/v1/kubectl/net-check?from=&to=&namespace=&port=&protocol=&output=}
 * answers as the CLI prints it (exit status 1 when denied, as {@code kubectl auth can-i} says "no"),
 * {@code GET /rollbook/v1/net-check?...} with the JSON alone. FROM and TO are {@code pod/NAME},
 * {@code deployment/NAME} or {@code rs/NAME} (a running pod of it, the first by name), optionally
 * prefixed {@code NAMESPACE/}, or an IPv4 address (a pod's address is that pod).
 */
public final class NetRoutes {

    private final ProjectionStore store;
    private final PodNetwork network;
    private final ReadRoutes.Freshness freshness;

    public NetRoutes(ProjectionStore store, PodNetwork network, ReadRoutes.Freshness freshness) {
        this.store = store;
        this.network = network;
        this.freshness = freshness;
    }

    public void register(HttpApi api) {
        api.route("GET", "/rollbook/v1/kubectl/net-check", r -> Response.json(200, printed(r)))
                .route("GET", "/rollbook/v1/net-check", r -> Response.json(200, check(r).toJson()));
    }

    private Printed printed(Request r) {
        NetCheck check;
        try {
            check = check(r);
        } catch (HttpError e) {
            if (e.status == 404) {
                return new Printed("", "Error from server (NotFound): " + e.getMessage() + "\n", 1);
            }
            return Printed.error(e.getMessage());
        }
        String text = "json".equals(r.param("output")) ? Codec.toPrettyJson(check.toJson()) + "\n" : check.render();
        return new Printed(text, "", check.allowed() ? 0 : 1);
    }

    private NetCheck check(Request r) {
        awaitFresh();
        String output = r.param("output");
        if (output != null && !output.isEmpty() && !"json".equals(output)) {
            throw new HttpError(400, "unable to match a printer suitable for the output format \"" + output
                    + "\", allowed formats are: json");
        }
        String namespace = r.param("namespace") == null || r.param("namespace").isEmpty() ? "default"
                : r.param("namespace");
        Endpoint from = endpoint(required(r, "from"), namespace);
        Endpoint to = endpoint(required(r, "to"), namespace);
        PolicyContext ctx = PolicyContext.of(store.networkPolicies(null), store.namespaces());
        String protocol = r.param("protocol") == null || r.param("protocol").isEmpty() ? "TCP"
                : r.param("protocol").toUpperCase();
        try {
            return NetCheck.check(network, ctx, from, to, port(r), protocol);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, e.getMessage());
        }
    }

    /** An address, or {@code [NAMESPACE/]KIND/NAME}. */
    Endpoint endpoint(String text, String namespace) {
        if (Ipv4.isAddress(text)) {
            return store.pods(null).stream().filter(p -> text.equals(p.ip()) && !p.terminating()).findFirst()
                    .map(this::endpoint)
                    .orElseGet(() -> network.endpointOf(text));
        }
        String[] parts = text.split("/");
        if (parts.length < 2 || parts.length > 3) {
            throw new HttpError(400, "expected pod/NAME, deployment/NAME, rs/NAME or an IPv4 address, was " + text);
        }
        String ns = parts.length == 3 ? parts[0] : namespace;
        String kind = parts[parts.length - 2].toLowerCase();
        String name = parts[parts.length - 1];
        return switch (kind) {
            case "pod", "pods", "po" -> endpoint(store.pod(ns, name)
                    .orElseThrow(() -> new HttpError(404, "pods \"" + name + "\" not found")));
            case "deployment", "deployments", "deploy", "deployment.apps" -> anyPod(ObjectRef.deployment(ns, name),
                    store.workload(ObjectRef.deployment(ns, name)).filter(w -> w.deployment() != null)
                            .map(Workload::pods));
            case "replicaset", "replicasets", "rs", "replicaset.apps" -> anyPod(ObjectRef.replicaSet(ns, name),
                    store.replicaSet(ns, name).map(rs -> store.pods(ns).stream()
                            .filter(p -> name.equals(p.replicaSet())).toList()));
            default -> throw new HttpError(400, "the server doesn't have a resource type \"" + kind
                    + "\" for net check (pod, deployment, rs)");
        };
    }

    /** The first running pod, by name, of the object, whose pods are empty when it does not exist. */
    private Endpoint anyPod(ObjectRef ref, Optional<List<PodView>> pods) {
        return pods.orElseThrow(() -> new HttpError(404, ref.resource() + " \"" + ref.name() + "\" not found"))
                .stream()
                .filter(p -> p.ip() != null && !p.terminating() && WellKnown.POD_RUNNING.equals(p.phase()))
                .min(Comparator.comparing(PodView::name)).map(this::endpoint)
                .orElseThrow(() -> new HttpError(409, ref.kubectlName() + " has no running pod with an address yet"));
    }

    private Endpoint endpoint(PodView p) {
        if (p.ip() == null) {
            throw new HttpError(409, "pod/" + p.name() + " has no address yet (it has not started)");
        }
        return Endpoint.pod(p.namespace(), p.name(), p.labels(), p.ip(), p.node(), namedPorts(p.containers()));
    }

    /** {@code ports[].name -> containerPort} of every container, for policies that name ports. */
    static Map<String, Integer> namedPorts(List<Container> containers) {
        Map<String, Integer> named = new LinkedHashMap<>();
        for (Container c : containers) {
            if (c.fields().get("ports") instanceof List<?> ports) {
                for (Object port : ports) {
                    if (port instanceof Map<?, ?> m && m.get("name") instanceof String n
                            && m.get("containerPort") instanceof Integer number) {
                        named.putIfAbsent(n, number);
                    }
                }
            }
        }
        return named;
    }

    private int port(Request r) {
        String v = r.param("port");
        if (v == null || v.isEmpty()) {
            return 80;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new HttpError(400, "port must be an integer, was " + v);
        }
    }

    private static String required(Request r, String name) {
        String v = r.param(name);
        if (v == null || v.isEmpty()) {
            throw new HttpError(400, "query parameter " + name + " is required");
        }
        return v;
    }

    private void awaitFresh() {
        try {
            freshness.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "interrupted");
        }
    }
}
