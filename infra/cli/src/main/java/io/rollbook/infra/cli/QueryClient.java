package io.rollbook.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks {@code up}'s HTTP API (the projections) and relays the answer, already printed as kubectl
 * prints it: stdout, stderr and exit status.
 */
final class QueryClient {

    @Option(names = "--server", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "The HTTP address of `rollbook up` (default: ${DEFAULT-VALUE}).")
    String server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An answer as printed: what goes to stdout and stderr, and the exit status. */
    record Printed(String stdout, String stderr, int exitCode) {
        int relay(PrintWriter out, PrintWriter err) {
            out.print(stdout);
            out.flush();
            err.print(stderr);
            err.flush();
            return exitCode;
        }
    }

    /** GET {@code /rollbook/v1/kubectl/{verb}} with the non-null parameters. */
    Printed ask(String verb, Map<String, Object> params) {
        StringBuilder query = new StringBuilder();
        Map<String, Object> all = new LinkedHashMap<>(params);
        all.forEach((k, v) -> {
            if (v != null) {
                query.append(query.isEmpty() ? "?" : "&").append(k).append('=')
                        .append(URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
            }
        });
        URI uri = URI.create(server.replaceAll("/+$", "") + "/rollbook/v1/kubectl/" + verb + query);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot reach " + server + " (is `rollbook up` running?): " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted");
        }
        JsonNode body = readJson(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalArgumentException(body.path("error").asText("HTTP " + response.statusCode()));
        }
        return new Printed(body.path("stdout").asText(""), body.path("stderr").asText(""), body.path("exitCode").asInt());
    }

    private static JsonNode readJson(String text) {
        try {
            return Codec.json().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("unexpected answer from the server: " + text);
        }
    }
}
