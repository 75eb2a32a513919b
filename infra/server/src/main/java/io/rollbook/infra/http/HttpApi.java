package io.rollbook.infra.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import io.rollbook.api.codec.Codec;
import io.rollbook.infra.auth.AuthFilter;
import io.rollbook.infra.auth.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP port of {@code up} (docs/contract.md, "HTTP"), on the JDK's own server: routes by method
 * and path pattern, JSON in and out, errors as {@code {"error": "..."}} with a status code.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    /** The largest request body read, the Kubernetes API server's default limit (3 MiB). */
    public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;
    /**
     * Seconds a client has to send a whole request (and be answered the status line), after which
     * the JDK server closes the connection; without it a client that sends half a request and
     * stalls holds a handler thread for ever. The JDK reads it once per JVM, from this system
     * property; one given on the command line wins. Watches answer their headers at once and are
     * not cut.
     */
    static final String READ_TIMEOUT_PROPERTY = "sun.net.httpserver.maxReqTime";
    static final String READ_TIMEOUT_SECONDS = "60";

    static {
        if (System.getProperty(READ_TIMEOUT_PROPERTY) == null) {
            System.setProperty(READ_TIMEOUT_PROPERTY, READ_TIMEOUT_SECONDS);
        }
    }

    /** A request as a handler sees it. */
    public record Request(String method, String path, Map<String, String> query, List<String> pathParams,
                          Map<String, List<String>> headers, byte[] body, User user) {
        public String param(String name) {
            return query.get(name);
        }

        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** An answer: status, content type and body. */
    public record Response(int status, String contentType, byte[] body) {
        public static Response json(int status, Object value) {
            return new Response(status, "application/json", Codec.toJson(value).getBytes(StandardCharsets.UTF_8));
        }

        public static Response text(int status, String contentType, String body) {
            return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }

        public static Response error(int status, String message) {
            return json(status, Map.of("error", message));
        }
    }

    /** Thrown by handlers for an answer other than 200: 400 bad request, 404 not found, ... */
    public static final class HttpError extends RuntimeException {
        final int status;

        public HttpError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws IOException;
    }

    private record Route(String method, Pattern pattern, Handler handler) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "rollbook-http");
        t.setDaemon(true);
        return t;
    });
    private final List<Route> routes = new ArrayList<>();
    private final List<HttpContext> contexts = new ArrayList<>();
    private Filter edge;
    private final String scheme;

    public HttpApi(String host, int port) throws IOException {
        this(host, port, null);
    }

    /** @param tls HTTPS with this context; null for plain HTTP */
    public HttpApi(String host, int port, javax.net.ssl.SSLContext tls) throws IOException {
        this(host, port, tls, false);
    }

    /**
     * @param clientCertificates whether the handshake asks for a client certificate (wanted, not
     *                           needed: a client without one goes on to tokens or anonymous; one
     *                           that {@code tls}'s trust managers do not verify fails the handshake)
     */
    public HttpApi(String host, int port, javax.net.ssl.SSLContext tls, boolean clientCertificates) throws IOException {
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
                    new InetSocketAddress(host, port), 64);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls) {
                @Override
                public void configure(com.sun.net.httpserver.HttpsParameters params) {
                    javax.net.ssl.SSLParameters p = getSSLContext().getDefaultSSLParameters();
                    p.setWantClientAuth(clientCertificates);
                    params.setSSLParameters(p);
                }
            });
            server = https;
        }
        this.scheme = tls == null ? "http" : "https";
        server.setExecutor(executor);
        contexts.add(server.createContext("/", this::dispatch));
    }

    /**
     * Puts {@code filter} in front of every path, those served now and those added later
     * (authentication and authorization: {@link AuthFilter}).
     */
    public HttpApi edge(Filter filter) {
        this.edge = filter;
        contexts.forEach(c -> c.getFilters().add(filter));
        return this;
    }

    /** Adds a route; {@code pathRegex} groups become {@link Request#pathParams()}. First match wins. */
    public HttpApi route(String method, String pathRegex, Handler handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex), handler));
        return this;
    }

    /**
     * Hands every request under {@code pathPrefix} to {@code handler} directly (the JDK server picks the
     * longest matching prefix), for answers that stream, such as the Kubernetes API's watches.
     */
    public HttpApi context(String pathPrefix, com.sun.net.httpserver.HttpHandler handler) {
        HttpContext c = server.createContext(pathPrefix, handler);
        contexts.add(c);
        if (edge != null) {
            c.getFilters().add(edge);
        }
        return this;
    }

    public HttpApi start() {
        server.start();
        return this;
    }

    /** {@code http} or {@code https}. */
    public String scheme() {
        return scheme;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        Response response;
        try {
            response = route(exchange);
        } catch (HttpError e) {
            response = Response.error(e.status, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            response = Response.error(500, "internal error: " + e);
        }
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Response route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        boolean pathMatched = false;
        for (Route r : routes) {
            Matcher m = r.pattern().matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathMatched = true;
            if (!r.method().equals(exchange.getRequestMethod())) {
                continue;
            }
            List<String> params = new ArrayList<>();
            for (int i = 1; i <= m.groupCount(); i++) {
                params.add(decode(m.group(i)));
            }
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                return Response.error(413, "request entity too large: limit is " + MAX_BODY_BYTES);
            }
            return r.handler().handle(new Request(exchange.getRequestMethod(), path,
                    query(exchange.getRequestURI().getRawQuery()), params, exchange.getRequestHeaders(), body,
                    AuthFilter.userOf(exchange)));
        }
        return pathMatched ? Response.error(405, "method not allowed")
                : Response.error(404, "no such path: " + path);
    }

    /** A URL query string as a map, percent-decoded; the last value of a repeated key wins. */
    public static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
