package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.kafka.EngineListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile HTTP input against a real {@code up} (embedded broker, Kubernetes API routes): each request
 * is answered with the API server's status code and a {@code Status} object, changes nothing (the
 * Deployment reads back the same, no new events), and the server goes on serving a normal GET.
 */
class HostileHttpCatalogueTest {

    static {
        // the read timeout of the JDK server is read once per JVM; a short one keeps the slow-client case quick
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "3"));
    }

    static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
    static final String TARGET = DEPLOYMENTS + "/target";
    static final String EVENTS = "/api/v1/namespaces/default/events";
    static final int LIMIT = 3 * 1024 * 1024;

    @TempDir
    static Path dir;
    static Rollbook up;
    static String url;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        up = Rollbook.start(Rollbook.Options.builder()
                .embeddedBroker(dir.resolve("data"), 0).instanceId("hostile-test").stages(Stages.instant())
                .http("127.0.0.1", 0).build(), Clock.systemUTC(), EngineListener.NONE);
        url = up.httpUrl("127.0.0.1");
        HttpResponse<String> created = send("POST", DEPLOYMENTS, "application/json", deployment(1));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        settle();
    }

    @AfterAll
    static void stop() {
        up.close();
    }

    static String deployment(int replicas) {
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"target\","
                + "\"labels\":{\"app\":\"target\"}},\"spec\":{\"replicas\":" + replicas + ",\"selector\":{\"matchLabels\":"
                + "{\"app\":\"target\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"target\"}},\"spec\":"
                + "{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.27\"}]}}}}";
    }

    /** The Deployment and the events, once the rollout of the seed has come to rest. */
    static String snapshot() throws Exception {
        return get(TARGET).body() + "\n" + get(EVENTS).body();
    }

    static String before;

    static void settle() throws Exception {
        String last = snapshot();
        for (int i = 0; i < 60; i++) {
            Thread.sleep(500);
            String now = snapshot();
            if (now.equals(last)) {
                before = now;
                return;
            }
            last = now;
        }
        throw new AssertionError("the seed Deployment never came to rest");
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One hostile request and the status code the API server answers it with. */
    record Case(String name, String method, String path, String contentType, String body, int code) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String selector(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Stream<Case> catalogue() {
        String big = "{\"metadata\":{\"annotations\":{\"a\":\"" + "x".repeat(LIMIT) + "\"}}}";
        String nestedJson = "[".repeat(10_000) + "]".repeat(10_000);
        String nestedYaml = "a:\n" + "- ".repeat(5_000) + "x\n";
        String smp = "application/strategic-merge-patch+json";
        String merge = "application/merge-patch+json";
        String jsonPatch = "application/json-patch+json";
        String apply = "application/apply-patch+yaml";
        String manyOperations = "[" + String.join(",", java.util.Collections.nCopies(Patches.MAX_JSON_PATCH_OPERATIONS + 1,
                "{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":1}")) + "]";
        return Stream.of(
                new Case("update body over the limit", "PUT", TARGET, "application/json", big, 413),
                new Case("create body over the limit", "POST", DEPLOYMENTS, "application/json", big, 413),
                new Case("patch body over the limit", "PATCH", TARGET, merge, big, 413),
                new Case("object larger than one event holds", "PUT", TARGET, "application/json",
                        "{\"metadata\":{\"annotations\":{\"a\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}}}", 413),
                new Case("malformed JSON update", "PUT", TARGET, "application/json", "{\"spec\":", 400),
                new Case("malformed JSON create", "POST", DEPLOYMENTS, "application/json", "not json", 400),
                new Case("malformed JSON patch body", "PATCH", TARGET, smp, "{\"spec\":{]}", 400),
                new Case("malformed YAML apply", "PATCH", TARGET + "?fieldManager=t", apply, "a: [b\n c: : :\n", 400),
                new Case("deeply nested JSON", "PUT", TARGET, "application/json", nestedJson, 400),
                new Case("deeply nested JSON patch", "PATCH", TARGET, merge,
                        "{\"metadata\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_001), 400),
                new Case("deeply nested YAML apply", "PATCH", TARGET + "?fieldManager=t", apply, nestedYaml, 400),
                new Case("server-side apply without a field manager", "PATCH", TARGET, apply, "spec:\n  replicas: 9\n",
                        422),
                new Case("field manager longer than 128 bytes", "PATCH", TARGET + "?fieldManager=" + "m".repeat(129),
                        apply, "spec:\n  replicas: 9\n", 422),
                new Case("JSON patch path outside the object", "PATCH", TARGET, jsonPatch,
                        "[{\"op\":\"replace\",\"path\":\"/spec/nowhere/replicas\",\"value\":5}]", 422),
                new Case("JSON patch removing what is not there", "PATCH", TARGET, jsonPatch,
                        "[{\"op\":\"remove\",\"path\":\"/metadata/labels/missing\"}]", 422),
                new Case("JSON patch index past the end", "PATCH", TARGET, jsonPatch,
                        "[{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/7\",\"value\":{}}]", 422),
                new Case("JSON patch with an unknown op", "PATCH", TARGET, jsonPatch,
                        "[{\"op\":\"frobnicate\",\"path\":\"/spec/replicas\",\"value\":5}]", 422),
                new Case("JSON patch add without a value", "PATCH", TARGET, jsonPatch,
                        "[{\"op\":\"add\",\"path\":\"/spec/replicas\"}]", 422),
                new Case("JSON patch of more than 10,000 operations", "PATCH", TARGET, jsonPatch, manyOperations, 413),
                new Case("JSON patch that is not a list", "PATCH", TARGET, jsonPatch, "{\"op\":\"add\"}", 400),
                new Case("strategic merge patch with an unknown $patch directive", "PATCH", TARGET, smp,
                        "{\"spec\":{\"replicas\":5,\"$patch\":\"frobnicate\"}}", 400),
                new Case("strategic merge patch with an unknown $-key under strict field validation", "PATCH",
                        TARGET + "?fieldValidation=Strict", smp, "{\"spec\":{\"replicas\":5,\"$foo\":\"x\"}}", 422),
                new Case("strategic merge patch deleting a container without its merge key", "PATCH", TARGET, smp,
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"$patch\":\"delete\"}]}}}}", 400),
                new Case("strategic merge patch merging a container by a $patch: merge", "PATCH", TARGET, smp,
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"$patch\":\"merge\"}]}}}}", 400),
                new Case("strategic merge patch with a $setElementOrder that is no list", "PATCH", TARGET, smp,
                        "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":{\"name\":\"web\"}}}}}", 400),
                new Case("strategic merge patch setting a field its $retainKeys does not keep", "PATCH", TARGET, smp,
                        "{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"type\":\"Recreate\","
                                + "\"rollingUpdate\":{\"maxSurge\":1}}}}", 400),
                new Case("strategic merge patch with a $deleteFromPrimitiveList that is no list", "PATCH", TARGET, smp,
                        "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":\"x\"}}", 400),

                new Case("merge patch that is not an object", "PATCH", TARGET, merge, "[1,2,3]", 400),
                new Case("strategic merge patch that is not an object", "PATCH", TARGET, smp, "\"replicas\"", 400),
                new Case("enormous label selector", "GET", DEPLOYMENTS + "?labelSelector="
                        + selector("app=" + "x".repeat(100_000)), null, null, 400),
                new Case("label selector with an unclosed set", "GET", DEPLOYMENTS + "?labelSelector="
                        + selector("app in (a,b"), null, null, 400),
                new Case("label selector without a key", "GET", DEPLOYMENTS + "?labelSelector=" + selector("=x"), null, null, 400),
                new Case("field selector without an operator", "GET", DEPLOYMENTS + "?fieldSelector=" + selector("metadata.name"),
                        null, null, 400),
                new Case("field selector on a field Deployments do not select", "GET", DEPLOYMENTS + "?fieldSelector="
                        + selector("spec.replicas=1"), null, null, 400),
                new Case("field selector on a field pods do not select", "GET", "/api/v1/namespaces/default/pods?fieldSelector="
                        + selector("spec.containers=x"), null, null, 400),
                new Case("update in an unknown Content-Type", "PUT", TARGET, "application/xml", "<Deployment/>", 415),
                new Case("patch in an unknown Content-Type", "PATCH", TARGET, "text/plain", "{\"spec\":{\"replicas\":5}}", 415),
                new Case("create in an unknown Content-Type", "POST", DEPLOYMENTS, "text/csv", "a,b", 415),
                new Case("unknown group", "GET", "/apis/frobnicate.io/v1/widgets", null, null, 404),
                new Case("unknown version", "GET", "/apis/apps/v7/namespaces/default/deployments", null, null, 404),
                new Case("unknown resource", "GET", "/apis/apps/v1/namespaces/default/widgets", null, null, 404),
                new Case("write to an unknown resource", "POST", "/apis/apps/v1/namespaces/default/widgets",
                        "application/json", deployment(5), 404),
                new Case("dot-dot as a name", "PUT", DEPLOYMENTS + "/..", "application/json", deployment(5), 400),
                new Case("dot-dot as a namespace", "GET", "/apis/apps/v1/namespaces/../deployments/target", null, null, 400),
                new Case("encoded slash in a name", "DELETE", DEPLOYMENTS + "/target%2F..", null, null, 400),
                new Case("double slashes", "DELETE", "/apis/apps/v1//namespaces//default/deployments//target", null, null, 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void isRefusedWithAStatusAndChangesNothing(Case c) throws Exception {
        HttpResponse<String> r = send(c.method(), c.path(), c.contentType(), c.body());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(c.code());
        JsonNode status = Codec.json().readTree(r.body());
        assertThat(status.path("kind").asText()).as(r.body()).isEqualTo("Status");
        assertThat(status.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(status.path("status").asText()).isEqualTo("Failure");
        assertThat(status.path("code").asInt()).isEqualTo(c.code());
        assertThat(status.path("message").asText()).isNotBlank().doesNotContain("jackson", "Jackson", "Exception",
                "com.fasterxml", "java.", "(code ");
    }

    /**
     * The API server's default field validation (Warn; kubectl patch asks for none): an unknown
     * {@code $}-key is dropped with a warning, so the patch changes nothing.
     */
    @Test
    void anUnknownDollarKeyIsDroppedWithAWarningByDefault() throws Exception {
        HttpResponse<String> r = send("PATCH", TARGET, "application/strategic-merge-patch+json",
                "{\"spec\":{\"$foo\":{\"replicas\":5}}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().allValues("Warning")).containsExactly("299 - \"unknown field \\\"spec.$foo\\\"\"");
        assertThat(Codec.json().readTree(r.body()).path("spec").has("$foo")).isFalse();
    }

    @Test
    void aStrictRefusalQuotesThePatchAsTheApiServerDoes() throws Exception {
        HttpResponse<String> r = send("PATCH", TARGET + "?fieldValidation=Strict", "application/strategic-merge-patch+json",
                "{\"spec\":{\"replicas\":5,\"$foo\":\"x\"}}");
        JsonNode status = Codec.json().readTree(r.body());
        assertThat(status.path("message").asText()).isEqualTo(" \"\" is invalid: patch: Invalid value: "
                + "\"map[spec:map[$foo:x replicas:5]]\": strict decoding error: unknown field \"spec.$foo\"");
        assertThat(status.path("reason").asText()).isEqualTo("Invalid");
        assertThat(status.at("/details/causes/0/field").asText()).isEqualTo("patch");
    }

    @Test
    void aJsonPatchThatDoesNotApplyNamesNoResource() throws Exception {
        HttpResponse<String> d = send("PATCH", TARGET, "application/json-patch+json",
                "[{\"op\":\"remove\",\"path\":\"/spec/nowhere\"}]");
        JsonNode status = Codec.json().readTree(d.body());
        assertThat(status.path("message").asText()).isEqualTo("the server rejected our request due to an error in our request");
        assertThat(status.path("details")).isEqualTo(Codec.json().createObjectNode());
    }

    /** The API server's words: each kind selects only the fields its strategy lists. */
    @Test
    void aFieldSelectorOnAFieldTheKindDoesNotSelectIsNamed() throws Exception {
        HttpResponse<String> r = get(DEPLOYMENTS + "?fieldSelector=" + selector("metadata.name=target,spec.replicas=1"));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode status = Codec.json().readTree(r.body());
        assertThat(status.path("message").asText()).isEqualTo("field label not supported: spec.replicas");
        assertThat(status.path("reason").asText()).isEqualTo("BadRequest");
        assertThat(get(DEPLOYMENTS + "?fieldSelector=" + selector("metadata.name=target")).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/namespaces/default/pods?fieldSelector=" + selector("spec.nodeName=node-1,status.phase!=Failed"))
                .statusCode()).isEqualTo(200);
        assertThat(get(EVENTS + "?fieldSelector=" + selector("involvedObject.name=target,involvedObject.kind=Deployment"))
                .statusCode()).isEqualTo(200);
    }

    @AfterEach
    void nothingChangedAndTheServerStillServes() throws Exception {
        assertThat(snapshot()).isEqualTo(before);
        HttpResponse<String> r = get(TARGET);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Codec.json().readTree(r.body()).path("spec").path("replicas").asInt()).isEqualTo(1);
    }

    @Test
    void aClientThatSendsHalfARequestAndStallsIsCutOffAndOthersAreServed() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) { // more than the server's handler threads
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", URI.create(url).getPort()), 5_000);
                OutputStream out = s.getOutputStream();
                String half = i % 2 == 0
                        ? "PUT " + TARGET + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"spec\":"
                        : "GET " + TARGET + " HTTP/1.1\r\nHost: x\r\nAccept: appl";
                out.write(half.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                stalled.add(s);
            }
            assertThat(get(TARGET).statusCode()).isEqualTo(200);
            for (Socket s : stalled) {
                s.setSoTimeout(120_000);
                InputStream in = s.getInputStream();
                try {
                    while (in.read() >= 0) {
                        // whatever the server says before it closes
                    }
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the server kept a stalled connection open", e);
                } catch (java.io.IOException closed) {
                    // reset by the server: closed too
                }
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
        assertThat(get(TARGET).statusCode()).isEqualTo(200);
    }
}
