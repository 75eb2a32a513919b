package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.rollbook.api.codec.Codec;
import io.rollbook.infra.auth.Authorizer;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.http.HttpApi;
import io.rollbook.infra.http.ReadRoutes.Freshness;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kube.Snapshot.Key;
import io.rollbook.projections.ProjectionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Kubernetes API that the real {@code kubectl} talks to, on {@code up}'s HTTP port
 * (docs/contract.md, "HTTP"; README, "kubectl as the client"): {@code /version}, discovery, minimal OpenAPI v3, and
 * apps/v1 Deployments and ReplicaSets, v1 Pods, Namespaces and Events with GET, LIST, WATCH and
 * Table answers read from the projections; writes to Deployments and ReplicaSets become commands
 * ({@link KubeWriteRoutes}). Usage: {@code new KubeRoutes(store, freshness, kafka, topics, clock).register(http)}.
 */
public final class KubeRoutes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubeRoutes.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Changes kept for resuming watches. */
    static final int HISTORY = 20_000;

    private final ObjectLog objects;
    private final Freshness freshness;
    private final Clock clock;
    private final Watches watches;
    private final KubeWrites writes;
    private final KubeWriteRoutes writeRoutes;
    private final ExecutorService watchThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rollbook-kube-watch");
        t.setDaemon(true);
        return t;
    });

    private final Authorizer authorizer;

    public KubeRoutes(ProjectionStore store, Freshness freshness, KafkaSettings kafka, Topics topics, Clock clock) {
        this(store, freshness, kafka, topics, clock, Authorizer.alwaysAllow());
    }

    /** @param authorizer what {@code kubectl auth can-i} (SelfSubjectAccessReview) is answered from */
    public KubeRoutes(ProjectionStore store, Freshness freshness, KafkaSettings kafka, Topics topics, Clock clock,
                      Authorizer authorizer) {
        this.authorizer = authorizer;
        this.objects = new ObjectLog(store, HISTORY);
        this.freshness = freshness;
        this.clock = clock;
        this.watches = new Watches(objects, clock);
        this.writes = new KubeWrites(kafka, topics, freshness, clock);
        this.writeRoutes = new KubeWriteRoutes(objects, writes);
    }

    /** Takes over {@code /api}, {@code /apis}, {@code /version} and {@code /openapi} on {@code http}. */
    public KubeRoutes register(HttpApi http) {
        for (String prefix : List.of("/api", "/apis", "/version", "/openapi")) {
            http.context(prefix, this::handle);
        }
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        KubeRequest req;
        try {
            req = KubeRequest.of(exchange);
        } catch (KubeStatus s) {
            send(exchange, s.code(), s.body(), "application/json");
            return;
        } catch (RuntimeException e) {
            send(exchange, 400, KubeStatus.badRequest(e.getMessage()).body(), "application/json");
            return;
        }
        try {
            if (req.isResource() && req.method().equals("GET") && req.watch()) {
                if ("websocket".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Upgrade"))) {
                    // Watches are served over HTTP only; a 503 to the upgrade is what clients (fabric8) fall back on.
                    throw KubeStatus.serviceUnavailable("watch over a WebSocket is not served here: watch over HTTP");
                }
                watchThreads.execute(() -> watch(exchange, req));
                return;
            }
            Answer a = answer(req, exchange);
            send(exchange, a.status(), a.body(), a.contentType());
        } catch (KubeStatus s) {
            send(exchange, s.code(), s.body(), "application/json");
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", req.method(), exchange.getRequestURI(), e);
            send(exchange, 500, KubeStatus.internal(e.toString()).body(), "application/json");
        }
    }

    private void watch(HttpExchange exchange, KubeRequest req) {
        try {
            awaitFresh();
            watches.serve(exchange, req, Filters.of(req.resource(), req.namespace(), req.param("labelSelector"),
                    req.param("fieldSelector")));
        } catch (KubeStatus s) {
            quietly(() -> send(exchange, s.code(), s.body(), "application/json"));
        } catch (IOException | RuntimeException e) {
            LOG.debug("watch {} ended: {}", exchange.getRequestURI(), e.toString());
        } finally {
            exchange.close();
        }
    }

    /** A body to send. */
    record Answer(int status, ObjectNode body, String contentType) {
        static Answer ok(ObjectNode body) {
            return new Answer(200, body, "application/json");
        }
    }

    private Answer answer(KubeRequest req, HttpExchange exchange) {
        String path = req.path().replaceAll("/+$", "");
        switch (path) {
            case "/version":
                return Answer.ok(Discovery.version());
            case "/api":
                if (AggregatedDiscovery.wanted(req.accept())) {
                    return new Answer(200, AggregatedDiscovery.list(""), AggregatedDiscovery.CONTENT_TYPE);
                }
                return Answer.ok(Discovery.api(exchange.getLocalAddress().getHostString() + ":"
                        + exchange.getLocalAddress().getPort()));
            case "/apis":
                if (AggregatedDiscovery.wanted(req.accept())) {
                    return new Answer(200, AggregatedDiscovery.list("apps"), AggregatedDiscovery.CONTENT_TYPE);
                }
                return Answer.ok(Discovery.apis());
            case "/api/v1":
                return Answer.ok(Discovery.resources(""));
            case "/apis/apps/v1":
                return Answer.ok(Discovery.resources("apps"));
            case "/apis/" + AccessReviews.GROUP + "/v1":
                return Answer.ok(Discovery.authorizationResources());
            case AccessReviews.PATH:
                if (!req.method().equals("POST")) {
                    throw KubeStatus.methodNotAllowed("selfsubjectaccessreviews are only created");
                }
                return new Answer(201, AccessReviews.review(authorizer, req.user(), req.body()), "application/json");
            case "/openapi/v3":
                return Answer.ok(Discovery.openApiRoot());
            case "/openapi/v3/api/v1":
                return Answer.ok(Discovery.openApi(""));
            case "/openapi/v3/apis/apps/v1":
                return Answer.ok(Discovery.openApi("apps"));
            default:
                break;
        }
        if (!req.isResource()) {
            throw KubeStatus.notFoundPath(path);
        }
        PodSubresources.refuse(req.resource(), req.subresource());
        awaitFresh();
        if (req.method().equals("GET")) {
            return read(req);
        }
        if (req.resource() == Resource.PODS && req.method().equals("DELETE")) {
            return writeRoutes.deletePod(req);
        }
        if (!req.resource().writable()) {
            throw KubeStatus.methodNotAllowed(req.resource().qualified() + " are read-only here: they follow"
                    + " from the Deployments and ReplicaSets");
        }
        return writeRoutes.write(req, text -> exchange.getResponseHeaders().add("Warning",
                "299 - " + KubeStatus.goQuote(text)));
    }

    private Answer read(KubeRequest req) {
        Resource r = req.resource();
        if (req.name() == null) {
            ObjectLog.View view = objects.list(Filters.of(r, req.namespace(), req.param("labelSelector"),
                    req.param("fieldSelector")));
            List<ObjectNode> items = view.objects().stream().map(java.util.Map.Entry::getValue).toList();
            if (Tables.wanted(req.accept())) {
                return table(Tables.table(r, items, Long.toString(view.position()), clock.instant(), true));
            }
            ObjectNode list = F.objectNode().put("kind", r.kind() + "List").put("apiVersion", r.apiVersion());
            list.putObject("metadata").put("resourceVersion", Long.toString(view.position()));
            ArrayNode array = list.putArray("items");
            items.forEach(array::add);
            return Answer.ok(list);
        }
        ObjectNode o = objects.get(new Key(r, r.namespaced() ? req.namespace() : null, req.name()));
        if (o == null) {
            throw KubeStatus.notFound(r, req.name());
        }
        if ("scale".equals(req.subresource()) && r.scalable()) {
            return Answer.ok(KubeWriteRoutes.scale(o));
        }
        if (Tables.wanted(req.accept())) {
            return table(Tables.table(r, List.of(o), o.path("metadata").path("resourceVersion").asText(),
                    clock.instant(), true));
        }
        return Answer.ok(o);
    }

    private static Answer table(ObjectNode t) {
        return new Answer(200, t, "application/json;as=Table;v=v1;g=meta.k8s.io");
    }

    private void awaitFresh() {
        try {
            freshness.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KubeStatus.internal("interrupted");
        }
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body, String contentType)
            throws IOException {
        byte[] bytes = Codec.toJson(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void quietly(IoAction action) {
        try {
            action.run();
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not answer: {}", e.toString());
        }
    }

    @Override
    public void close() {
        watchThreads.shutdownNow();
        writes.close();
    }
}
