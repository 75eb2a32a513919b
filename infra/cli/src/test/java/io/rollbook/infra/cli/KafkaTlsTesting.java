package io.rollbook.infra.cli;

import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.kafka.EngineListener;
import org.apache.kafka.clients.admin.Admin;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the tests of {@code up --kafka-ssl} share: an {@code up}, kcat, a plaintext client's attempt. */
final class KafkaTlsTesting {

    record Run(int exit, String out, String err) {
    }

    private KafkaTlsTesting() {
    }

    static Rollbook up(Path data, boolean sasl) {
        Stages fast = new Stages(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(50), 0.2,
                List.of("node-1"), 7);
        return Rollbook.start(Rollbook.Options.builder().embeddedBroker(data, 0).kafkaSsl(true).kafkaSasl(sasl)
                .instanceId(sasl ? "sasl-ssl" : "ssl").stages(fast).http("127.0.0.1", 0).build(), Clock.systemUTC(),
                EngineListener.NONE);
    }

    static boolean kcatAvailable() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, "kcat"))) {
                return true;
            }
        }
        return false;
    }

    static Run kcat(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kcat"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("kcat", ".out");
        Path err = Files.createTempFile("kcat", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        Run run = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    /**
     * What a Java admin client with {@code settings} gets when it asks the broker to describe
     * itself: the broker's node count, or the exception's class when it gets no answer in 10 s.
     */
    static String describeCluster(String bootstrap, Map<String, Object> settings) throws InterruptedException {
        Map<String, Object> config = new java.util.HashMap<>(settings);
        config.put("bootstrap.servers", bootstrap);
        config.put("default.api.timeout.ms", 10_000);
        config.put("request.timeout.ms", 5_000);
        try (Admin admin = Admin.create(config)) {
            return admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).size() + " node";
        } catch (ExecutionException e) {
            return e.getCause().getClass().getSimpleName();
        } catch (TimeoutException e) {
            return e.getClass().getSimpleName();
        }
    }
}
