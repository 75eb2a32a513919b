package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.rollbook.api.codec.Codec;
import io.rollbook.infra.kube.ObjectLog.Change;
import io.rollbook.infra.kube.Snapshot.Key;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * WATCH: chunked JSON lines ({@code {"type":"MODIFIED","object":{...}}}), each object a plain
 * object or, when kubectl asked for a Table, a one-row Table. From resourceVersion unset or 0 the
 * current objects come first as ADDED; from N the recorded changes after N are replayed
 * ({@link ObjectLog}), so a watch that ends is resumed where it stopped. Ends at
 * {@code timeoutSeconds} (at most {@link #MAX_WATCH}) or when the client goes away.
 */
final class Watches {

    static final Duration MAX_WATCH = Duration.ofMinutes(30);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration BOOKMARK_EVERY = Duration.ofSeconds(10);

    private final ObjectLog objects;
    private final Clock clock;

    Watches(ObjectLog objects, Clock clock) {
        this.objects = objects;
        this.clock = clock;
    }

    /** Serves the watch on the calling thread until it ends; a 410 for a too old version is thrown before any byte. */
    void serve(HttpExchange exchange, KubeRequest req, Predicate<Map.Entry<Key, ObjectNode>> filter)
            throws IOException {
        long from = version(req.param("resourceVersion"));
        List<Change> first;
        if (from <= 0) {
            ObjectLog.View view = objects.list(filter);
            from = view.position();
            first = view.objects().stream().map(e -> new Change(view.position(), "ADDED", e.getKey(), e.getValue()))
                    .toList();
        } else {
            first = objects.since(from, filter); // may throw 410 Expired
        }
        boolean table = Tables.wanted(req.accept());
        boolean bookmarks = req.flag("allowWatchBookmarks");
        long timeout = req.param("timeoutSeconds") == null ? MAX_WATCH.toSeconds()
                : Math.min(MAX_WATCH.toSeconds(), Long.parseLong(req.param("timeoutSeconds")));
        long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
        exchange.getResponseHeaders().set("Content-Type", table
                ? "application/json;as=Table;v=v1;g=meta.k8s.io" : "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            boolean columns = true;
            long last = from;
            long lastBookmark = System.nanoTime();
            List<Change> batch = first;
            while (true) {
                for (Change c : batch) {
                    out.write(line(req.resource(), c, table, columns));
                    columns = false;
                    last = Math.max(last, c.position());
                }
                if (!batch.isEmpty()) {
                    out.flush();
                }
                if (System.nanoTime() > deadline) {
                    return;
                }
                if (bookmarks && System.nanoTime() - lastBookmark > BOOKMARK_EVERY.toNanos()) {
                    out.write(bookmark(req.resource(), Math.max(last, objects.sync())));
                    out.flush();
                    lastBookmark = System.nanoTime();
                }
                Thread.sleep(POLL.toMillis());
                batch = objects.since(last, filter);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KubeStatus e) {
            // history moved past this watch while it slept: end it; kubectl lists again
        }
    }

    private byte[] line(Resource resource, Change c, boolean table, boolean columns) {
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", c.type());
        event.set("object", table ? Tables.table(resource, List.of(c.object()), Long.toString(c.position()),
                clock.instant(), columns) : c.object());
        return (Codec.toJson(event) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bookmark(Resource resource, long position) {
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", "BOOKMARK");
        ObjectNode o = event.putObject("object").put("kind", resource.kind()).put("apiVersion", resource.apiVersion());
        o.putObject("metadata").put("resourceVersion", Long.toString(position));
        return (Codec.toJson(event) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static long version(String rv) {
        if (rv == null || rv.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            throw KubeStatus.badRequest("invalid resource version: " + rv);
        }
    }
}
