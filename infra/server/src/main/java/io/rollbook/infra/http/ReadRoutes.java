package io.rollbook.infra.http;

import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.engine.network.PodNetwork;
import io.rollbook.projections.Kubectl;
import io.rollbook.projections.ProjectionStore;
import io.rollbook.projections.audit.AuditQuery;
import io.rollbook.projections.replay.ReplayException;
import io.rollbook.projections.replay.ReplayPoint;
import io.rollbook.projections.status.Explain;
import io.rollbook.projections.text.OutputFormat;
import io.rollbook.projections.text.Printed;
import io.rollbook.infra.http.HttpApi.HttpError;
import io.rollbook.infra.http.HttpApi.Request;
import io.rollbook.infra.http.HttpApi.Response;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The read side over HTTP: Rollbook's JSON API under {@code /rollbook/v1/} (docs/contract.md, "HTTP")
 * and, under {@code /rollbook/v1/kubectl/}, the same answers already printed as kubectl prints
 * them, which the CLI relays verbatim.
 */
public final class ReadRoutes {

    private static final String NAME = "([a-z0-9][-a-z0-9.]*)";

    /** Blocks until the projections have read the log up to now; see ProjectionRunner#awaitCaughtUp. */
    @FunctionalInterface
    public interface Freshness {
        void await() throws InterruptedException;
    }

    private final ProjectionStore store;
    private final Kubectl kubectl;
    private final Clock clock;
    private final Freshness freshness;
    private final PodNetwork network;

    public ReadRoutes(ProjectionStore store, Clock clock, Freshness freshness) {
        this(store, clock, freshness, PodNetwork.defaults(Stages.DEFAULT_NODES));
    }

    /** As above, with {@code net check} on {@code network} ({@code up --pod-network-cidr}). */
    public ReadRoutes(ProjectionStore store, Clock clock, Freshness freshness, PodNetwork network) {
        this.store = store;
        this.kubectl = new Kubectl(store);
        this.clock = clock;
        this.freshness = freshness;
        this.network = network;
    }

    public void register(HttpApi api) {
        FreshApi http = new FreshApi(api);
        http.route("GET", "/rollbook/v1/position", r -> Response.json(200, Map.of("position", store.position())))
                .route("GET", "/rollbook/v1/deployments", r -> Response.json(200,
                        Map.of("items", store.deployments(r.param("namespace")))))
                .route("GET", "/rollbook/v1/deployments/" + NAME + "/" + NAME, this::deployment)
                .route("GET", "/rollbook/v1/deployments/" + NAME + "/" + NAME + "/history", r -> Response.json(200,
                        Map.of("items", store.revisions(r.pathParams().get(0), r.pathParams().get(1)))))
                .route("GET", "/rollbook/v1/replicasets", r -> Response.json(200,
                        Map.of("items", store.replicaSets(r.param("namespace")))))
                .route("GET", "/rollbook/v1/pods", r -> Response.json(200, Map.of("items", store.pods(r.param("namespace")))))
                .route("GET", "/rollbook/v1/audit", r -> Response.json(200, Map.of("items", store.audit(audit(r)))))
                .route("GET", "/rollbook/v1/replay", this::replay)
                .route("GET", "/rollbook/v1/explain", this::explain)
                .route("GET", "/rollbook/v1/kubectl/get", r -> printed(kubectl.get(required(r, "resource"),
                        namespace(r), r.param("name"), format(r), now(r))))
                .route("GET", "/rollbook/v1/kubectl/rollout-status", r -> printed(kubectl.rolloutStatus(namespace(r),
                        required(r, "name"), number(r, "revision"))))
                .route("GET", "/rollbook/v1/kubectl/rollout-history", r -> printed(kubectl.rolloutHistory(
                        namespace(r), required(r, "name"), number(r, "revision"), format(r))))
                .route("GET", "/rollbook/v1/kubectl/rollout-undo", r -> printed(kubectl.rolloutUndoDryRun(
                        namespace(r), required(r, "name"), number(r, "revision"),
                        Boolean.parseBoolean(r.param("force")))))
                .route("GET", "/rollbook/v1/kubectl/explain", r -> printed(kubectl.explain(namespace(r),
                        required(r, "name"), now(r))))
                .route("GET", "/rollbook/v1/kubectl/replay", r -> printed(kubectl.replay(object(r), point(r), format(r))))
                .route("GET", "/rollbook/v1/kubectl/audit", r -> printed(kubectl.audit(audit(r), format(r))));
        new NetRoutes(store, network, freshness).register(api);
    }

    /** Every read route first waits for the projections to catch up with the log. */
    private final class FreshApi {
        private final HttpApi api;

        FreshApi(HttpApi api) {
            this.api = api;
        }

        FreshApi route(String method, String path, HttpApi.Handler handler) {
            api.route(method, path, r -> {
                try {
                    freshness.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new HttpError(503, "interrupted");
                }
                return handler.handle(r);
            });
            return this;
        }
    }

    private Response deployment(Request r) {
        return store.deployment(r.pathParams().get(0), r.pathParams().get(1))
                .map(d -> Response.json(200, d))
                .orElseThrow(() -> new HttpError(404, "deployments.apps \"" + r.pathParams().get(1) + "\" not found"));
    }

    /** {@code {"deployment": "ns/name", "lines": [...]}}: {@code rollbook explain}'s lines, at the server's clock. */
    private Response explain(Request r) {
        String ns = namespace(r);
        String name = required(r, "name");
        ObjectRef ref = ObjectRef.deployment(ns, name);
        return store.workload(ref).filter(w -> w.deployment() != null)
                .map(w -> Response.json(200, Map.of("deployment", ns + "/" + name,
                        "lines", Explain.lines(w, store.retained(ref), now(r)))))
                .orElseThrow(() -> new HttpError(404, "deployments.apps \"" + name + "\" not found"));
    }

    private Response replay(Request r) {
        try {
            return Response.json(200, store.replay(object(r), point(r)));
        } catch (ReplayException e) {
            throw new HttpError(404, e.getMessage());
        }
    }

    private static Response printed(Printed p) {
        return Response.json(200, p);
    }

    private static AuditQuery audit(Request r) {
        AuditQuery q = r.param("object") == null || r.param("object").isEmpty()
                ? new AuditQuery(null, r.param("namespace"), null) : AuditQuery.of(object(r));
        String since = r.param("since");
        return since == null || since.isEmpty() ? q : q.since(instant("since", since));
    }

    /** {@code object=KIND/NAME} (kubectl's forms, the network kinds included) with {@code namespace=}. */
    private static ObjectRef object(Request r) {
        String object = required(r, "object");
        int slash = object.indexOf('/');
        if (slash < 0) {
            throw new HttpError(400, "object must be KIND/NAME, was " + object);
        }
        String kind = switch (object.substring(0, slash).toLowerCase()) {
            case "deployment", "deployments", "deploy", "deployment.apps" -> ObjectRef.DEPLOYMENT;
            case "replicaset", "replicasets", "rs", "replicaset.apps" -> ObjectRef.REPLICA_SET;
            case "networkpolicy", "networkpolicies", "netpol", "networkpolicy.networking.k8s.io" ->
                    ObjectRef.NETWORK_POLICY;
            case "namespace", "namespaces", "ns" -> ObjectRef.NAMESPACE;
            case "network-attachment-definition", "network-attachment-definitions", "net-attach-def",
                    "networkattachmentdefinition", "networkattachmentdefinition.k8s.cni.cncf.io" ->
                    ObjectRef.NETWORK_ATTACHMENT_DEFINITION;
            default -> throw new HttpError(400, "the server doesn't have a resource type \""
                    + object.substring(0, slash) + "\"");
        };
        return new ObjectRef(kind, namespace(r), object.substring(slash + 1));
    }

    private static ReplayPoint point(Request r) {
        if (r.param("revision") != null) {
            return new ReplayPoint.ToRevision(number(r, "revision"));
        }
        if (r.param("at") != null) {
            return new ReplayPoint.AtTime(instant("at", r.param("at")));
        }
        if (r.param("offset") != null) {
            return new ReplayPoint.AtOffset(number(r, "offset"));
        }
        throw new HttpError(400, "one of revision, at or offset is required");
    }

    private Instant now(Request r) {
        return r.param("now") == null ? clock.instant() : instant("now", r.param("now"));
    }

    private static String namespace(Request r) {
        String ns = r.param("namespace");
        return ns == null || ns.isEmpty() ? "default" : ns;
    }

    private static OutputFormat format(Request r) {
        try {
            return OutputFormat.parse(r.param("output"));
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, e.getMessage());
        }
    }

    private static String required(Request r, String name) {
        String v = r.param(name);
        if (v == null || v.isEmpty()) {
            throw new HttpError(400, "query parameter " + name + " is required");
        }
        return v;
    }

    private static long number(Request r, String name) {
        String v = r.param(name);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new HttpError(400, name + " must be an integer, was " + v);
        }
    }

    private static Instant instant(String name, String v) {
        try {
            return java.time.OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new HttpError(400, name + " must be an RFC 3339 time, was " + v);
        }
    }
}
