package io.rollbook.infra.kube;

import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.cli.TestCli;
import io.rollbook.infra.http.HttpApi;
import io.rollbook.infra.projection.ProjectionRunner;
import io.rollbook.projections.ProjectionStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code up} in-process with the Kubernetes API on a second HTTP port (its own projections), and
 * the real {@code kubectl} binary run against it with an empty kubeconfig and a private cache.
 */
final class KubectlHarness implements AutoCloseable {

    record Run(int exit, String out, String err) {
    }

    final Rollbook up;
    final HttpApi http;
    final KubeRoutes routes;
    private final ProjectionRunner projections;
    private final Thread projectionThread;
    private final Path cache;

    KubectlHarness(Path dir) throws IOException {
        Stages fast = new Stages(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(50), 0.2,
                Stages.defaults().nodes(), 3);
        up = TestCli.up(dir, "kubectl-test", fast);
        ProjectionStore store = new ProjectionStore();
        projections = new ProjectionRunner(up.kafka(), Topics.defaults(), store::apply);
        projectionThread = new Thread(projections, "test-projections");
        projectionThread.start();
        http = new HttpApi("127.0.0.1", 0);
        routes = new KubeRoutes(store, () -> projections.awaitCaughtUp(Duration.ofSeconds(5)), up.kafka(),
                Topics.defaults(), Clock.systemUTC()).register(http);
        http.start();
        cache = dir.resolve("kube-cache");
    }

    /** Whether a kubectl binary is on the PATH. */
    static boolean kubectlAvailable() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, "kubectl"))) {
                return true;
            }
        }
        return false;
    }

    String url() {
        return "http://127.0.0.1:" + http.port();
    }

    Run kubectl(String... args) throws IOException, InterruptedException {
        return kubectl(Duration.ofSeconds(60), args);
    }

    Run kubectl(Duration timeout, String... args) throws IOException, InterruptedException {
        return kubectl(timeout, List.of(), args);
    }

    /** kubectl with {@code NAME=VALUE} entries added to its environment (an editor, say). */
    Run kubectl(Duration timeout, List<String> env, String... args) throws IOException, InterruptedException {
        try (Running r = start(env, args)) {
            if (!r.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                r.process.destroy();
                r.process.waitFor(5, TimeUnit.SECONDS);
            }
            return new Run(r.process.isAlive() ? -1 : r.process.exitValue(), r.out(), r.err());
        }
    }

    /** kubectl started and left running (a watch, say) until it is closed. */
    Running start(String... args) throws IOException {
        return start(List.of(), args);
    }

    private Running start(List<String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--server=" + url(), "--cache-dir=" + cache));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("KUBECONFIG", "/dev/null");
        env.forEach(e -> pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1)));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path out = Files.createTempFile("kubectl", ".out");
        Path err = Files.createTempFile("kubectl", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new Running(pb.start(), out, err);
    }

    /** A kubectl process and what it has written so far. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final Path out;
        private final Path err;

        private Running(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        String out() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        String err() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        /**
         * Waits until what kubectl has written satisfies {@code done} and returns it; fails with the
         * output so far when {@code within} passes first or kubectl exits before.
         */
        String awaitOut(Duration within, Predicate<String> done) throws IOException, InterruptedException {
            long end = System.nanoTime() + within.toNanos();
            while (true) {
                boolean exited = !process.isAlive();
                String so = out();
                if (done.test(so)) {
                    return so;
                }
                if (exited || System.nanoTime() > end) {
                    throw new AssertionError((exited ? "kubectl exited" : "kubectl still waiting after " + within)
                            + "\nstdout: " + so + "\nstderr: " + err());
                }
                Thread.sleep(100);
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Override
    public void close() throws Exception {
        routes.close();
        http.close();
        projections.close();
        projectionThread.join(10_000);
        up.close();
    }
}
