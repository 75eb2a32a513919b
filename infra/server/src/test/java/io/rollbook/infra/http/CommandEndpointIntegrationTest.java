package io.rollbook.infra.http;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.codec.Manifests;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.KafkaSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /rollbook/v1/commands: refused without a configured token, guarded by it with one. */
class CommandEndpointIntegrationTest {

    @TempDir
    static Path dir;
    static Rollbook up;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        up = Rollbook.start(Rollbook.Options.builder()
                .embeddedBroker(dir.resolve("data"), 0).instanceId("api-test").stages(Stages.instant())
                .http("127.0.0.1", 0).commandToken("s3cret").build(), Clock.systemUTC(),
                EngineListener.NONE);
    }

    @AfterAll
    static void stop() {
        up.close();
    }

    static HttpResponse<String> post(String url, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/rollbook/v1/commands"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String applyNginx() throws Exception {
        var nginx = Manifests.parse(Files.readString(Path.of("..", "..", "examples", "nginx-deployment.yaml"))).get(0);
        return "{\"commandId\":\"api-1\",\"type\":\"Apply\",\"target\":{\"kind\":\"Deployment\",\"namespace\":\"default\","
                + "\"name\":\"nginx-deployment\"},\"payload\":{\"manifest\":" + Codec.toJson(nginx) + "}}";
    }

    @Test
    void refusesRequestsWithoutTheToken() throws Exception {
        String url = up.httpUrl("127.0.0.1");
        assertThat(post(url, null, applyNginx()).statusCode()).isEqualTo(401);
        assertThat(post(url, "Bearer wrong", applyNginx()).statusCode()).isEqualTo(401);
    }

    @Test
    void answersMalformedCommandsWithTheReason() throws Exception {
        HttpResponse<String> r = post(up.httpUrl("127.0.0.1"), "Bearer s3cret", "{\"commandId\":\"x\",\"type\":\"Frob\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("unknown command type \\\"Frob\\\"");
    }

    @Test
    void acceptsACommandWithTheTokenAndRecordsTheActor() throws Exception {
        HttpResponse<String> r = post(up.httpUrl("127.0.0.1"), "Bearer s3cret", applyNginx());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"Accepted\"", "deployment.apps/nginx-deployment created");
    }

    @Test
    void isDisabledWhenNoTokenIsConfigured() throws Exception {
        try (HttpApi api = new HttpApi("127.0.0.1", 0);
             CommandRoutes routes = new CommandRoutes(false, KafkaSettings.of("unused:1"), Topics.defaults(),
                     Clock.systemUTC())) {
            routes.register(api);
            api.start();
            HttpResponse<String> r = post("http://127.0.0.1:" + api.port(), "Bearer anything", "{}");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("disabled");
        }
    }
}
