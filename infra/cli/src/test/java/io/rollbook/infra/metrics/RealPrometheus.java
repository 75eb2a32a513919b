package io.rollbook.infra.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (Debian's {@code prometheus}) scraping one {@code up} every second with the
 * repository's alert rules loaded, asked through its HTTP API as Grafana asks it. Tests that use it
 * are skipped where no {@code prometheus} binary is installed ({@code .ci/run} installs it).
 */
final class RealPrometheus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final String url;

    /** The binary: {@code $PROMETHEUS}, else {@code prometheus} on the PATH. */
    static Optional<Path> binary() {
        return tool("PROMETHEUS", "prometheus");
    }

    /** {@code promtool}, which comes with it. */
    static Optional<Path> promtool() {
        return tool("PROMTOOL", "promtool");
    }

    private static Optional<Path> tool(String env, String name) {
        String set = System.getenv(env);
        if (set != null && Files.isExecutable(Path.of(set))) {
            return Optional.of(Path.of(set));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Starts scraping {@code target} ({@code host:port}) with {@code rules} loaded; returns once it is ready. */
    RealPrometheus(Path binary, Path dir, String target, Path rules) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:", "  scrape_interval: 1s", "  evaluation_interval: 1s",
                "rule_files:", "  - " + rules.toAbsolutePath(),
                "scrape_configs:", "  - job_name: rollbook", "    static_configs:",
                "      - targets: [\"" + target + "\"]", ""));
        process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        url = "http://127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> get("/-/ready").statusCode() == 200);
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET /api/v1/query}: the whole answer; {@code status} is {@code error} for a query that does not parse. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body());
    }

    /** The series an instant query returns (a vector's elements; one for a scalar). */
    List<JsonNode> series(String promql) throws IOException, InterruptedException {
        JsonNode answer = query(promql);
        if (!"success".equals(answer.path("status").asText())) {
            throw new IllegalStateException(promql + ": " + answer.path("error").asText());
        }
        JsonNode result = answer.path("data").path("result");
        if (!result.isArray()) {
            return List.of(answer.path("data"));
        }
        return java.util.stream.StreamSupport.stream(result.spliterator(), false).toList();
    }

    /** {@code GET /api/v1/rules}: the loaded rule groups with each rule's health. */
    JsonNode rules() throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/rules").body());
    }

    /** {@code GET /api/v1/targets}: whether the scrape works. */
    JsonNode targets() throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/targets").body());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
