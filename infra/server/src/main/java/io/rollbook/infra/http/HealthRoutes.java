package io.rollbook.infra.http;

import io.rollbook.infra.http.HttpApi.Response;

import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /healthz} and {@code GET /readyz}, as the Kubernetes API server answers them with
 * {@code ?verbose}: one line per check ({@code [+]name ok} or {@code [-]name failed: why}), then
 * {@code ok}, or {@code healthz check failed} with status 503. Computed at each request from the
 * threads and loops as they are now, so a loop that died fails the next probe; nothing waits for
 * the projections.
 */
public final class HealthRoutes {

    /** One check: its name, whether it passes, and what it is doing. */
    public record Check(String name, boolean ok, String detail) {
        String line() {
            return (ok ? "[+]" : "[-]") + name + (ok ? " ok" : " failed") + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    /**
     * What the probes read. {@code live}: fails only when something is dead (a loop that stopped
     * for good, a thread that ended). {@code ready}: also fails while a loop is starting, restoring
     * its partitions or recovering.
     */
    public interface Health {
        List<Check> live();

        List<Check> ready();
    }

    private final Supplier<Health> health;

    public HealthRoutes(Supplier<Health> health) {
        this.health = health;
    }

    public void register(HttpApi api) {
        api.route("GET", "/healthz", r -> answer("healthz", health.get().live()))
                .route("GET", "/livez", r -> answer("livez", health.get().live()))
                .route("GET", "/readyz", r -> answer("readyz", health.get().ready()));
    }

    static Response answer(String probe, List<Check> checks) {
        StringBuilder body = new StringBuilder();
        boolean ok = true;
        for (Check c : checks) {
            body.append(c.line()).append('\n');
            ok &= c.ok();
        }
        body.append(ok ? probe + " check passed\n" : probe + " check failed\n");
        return Response.text(ok ? 200 : 503, "text/plain; charset=utf-8", body.toString());
    }
}
