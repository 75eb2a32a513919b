package io.rollbook.infra.app;

import io.rollbook.infra.http.HealthRoutes.Check;
import io.rollbook.infra.http.HealthRoutes.Health;
import io.rollbook.infra.kafka.CommandLoop;
import io.rollbook.infra.kafka.LoopHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The threads of {@code up}, each running one service (a command loop, the kubelet stand-in, the
 * projections), watched: a thread that ends while nothing asked it to is a death, whatever ended it
 * (a fatal Kafka error, an Error, a kill). Deaths are what {@code /healthz} reports, and the first
 * one completes {@link #firstDeath()}, on which {@code up} exits.
 */
final class Supervisor implements Health {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final List<Watched> services = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> firstDeath = new CompletableFuture<>();
    private volatile boolean stopping;

    /** A supervised service; {@code loop} is its command loop's health, or null for other services. */
    private record Watched(String name, Thread thread, Supplier<LoopHealth.Status> loop, Throwable[] died) {
    }

    /** Starts {@code service} on a thread named {@code rollbook-<name>}. */
    void start(String name, Runnable service, Supplier<LoopHealth.Status> loop) {
        Throwable[] died = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                service.run();
            } catch (Throwable e) {
                died[0] = e;
                LOG.error("{} stopped: {}", name, e.toString(), e);
            } finally {
                if (!stopping) {
                    firstDeath.complete(died[0] instanceof CommandLoop.LoopDiedException dead ? dead.getMessage()
                            : name + " stopped: " + (died[0] == null ? "its thread ended" : died[0].toString()));
                }
            }
        }, "rollbook-" + name);
        services.add(new Watched(name, t, loop, died));
        t.start();
    }

    /** Completes with what died, when the first service dies without being asked to stop. */
    CompletableFuture<String> firstDeath() {
        return firstDeath;
    }

    /** From now on a thread that ends is stopping, not dying. */
    void stopping() {
        stopping = true;
    }

    List<Thread> threads() {
        return services.stream().map(Watched::thread).toList();
    }

    @Override
    public List<Check> live() {
        List<Check> out = new ArrayList<>();
        for (Watched w : services) {
            LoopHealth.Status s = w.loop() == null ? null : w.loop().get();
            boolean dead = !w.thread().isAlive() || s != null && s.phase() == LoopHealth.Phase.DEAD;
            out.add(new Check(w.name(), !dead, dead ? deathOf(w, s) : ""));
        }
        return out;
    }

    @Override
    public List<Check> ready() {
        List<Check> out = new ArrayList<>();
        for (Watched w : services) {
            LoopHealth.Status s = w.loop() == null ? null : w.loop().get();
            boolean alive = w.thread().isAlive() && (s == null || s.phase() != LoopHealth.Phase.DEAD);
            if (!alive) {
                out.add(new Check(w.name(), false, deathOf(w, s)));
            } else if (s != null) {
                boolean running = s.phase() == LoopHealth.Phase.RUNNING;
                out.add(new Check(w.name(), running, phase(s)));
            } else {
                out.add(new Check(w.name(), true, ""));
            }
        }
        return out;
    }

    private static String phase(LoopHealth.Status s) {
        String phase = s.phase().name().toLowerCase(java.util.Locale.ROOT);
        return s.detail().isEmpty() ? phase : phase + " (" + s.detail() + ")";
    }

    private static String deathOf(Watched w, LoopHealth.Status s) {
        if (s != null && s.phase() == LoopHealth.Phase.DEAD) {
            return "dead since " + s.since() + ": " + s.detail();
        }
        Throwable e = w.died()[0];
        if (w.thread().isAlive()) {
            return "dead";
        }
        return "its thread ended" + (e == null ? "" : ": " + e);
    }
}
