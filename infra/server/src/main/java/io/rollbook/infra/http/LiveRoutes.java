package io.rollbook.infra.http;

import io.rollbook.infra.http.HttpApi.Response;
import io.rollbook.projections.ProjectionStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;

/**
 * The live page of {@code up} at {@code GET /} (docs/contract.md, "HTTP"): plain HTML, CSS and JS from
 * the jar (no build step, nothing from the internet) that polls {@code GET /live/state}, the
 * {@link LiveState} as JSON, and redraws. The state is served as the projections have it, without
 * waiting for them to catch up: the next poll shows what came since.
 */
public final class LiveRoutes {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    private final ProjectionStore store;
    private final RecentEvents events;
    private final Clock clock;

    /** {@code clock}: the now of the explanations under a Deployment that is not complete. */
    public LiveRoutes(ProjectionStore store, RecentEvents events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    public void register(HttpApi api) {
        Response index = file("index.html");
        Response app = file("app.js");
        Response style = file("style.css");
        api.route("GET", "/", r -> index)
                .route("GET", "/live/app\\.js", r -> app)
                .route("GET", "/live/style\\.css", r -> style)
                .route("GET", "/live/state", r -> Response.json(200, LiveState.of(store, events, clock.instant())));
    }

    private static Response file(String name) {
        try (InputStream in = LiveRoutes.class.getResourceAsStream("/live/" + name)) {
            if (in == null) {
                throw new IllegalStateException("live/" + name + " is missing from the jar");
            }
            return new Response(200, FILES.get(name), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read live/" + name, e);
        }
    }
}
