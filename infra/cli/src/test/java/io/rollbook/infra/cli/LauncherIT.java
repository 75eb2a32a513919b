package io.rollbook.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the real {@code ./rollbook} launcher on the jar that {@code package} just built, from the
 * infra module's directory, with a snapshot path relative to that directory. Runs under failsafe
 * (after package), so the launcher finds the jar newer than the sources and does not build.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("..", "..", "rollbook");
    /** Surefire and failsafe run tests in the module's directory; the launcher runs there too. */
    private static final File MODULE_DIR = Path.of("").toAbsolutePath().toFile();

    @BeforeAll
    static void needsBash() {
        assumeTrue(onPath("bash"), "bash is not installed");
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    record Result(int exit, String out, String err) {
    }

    private static Result rollbook(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile("rollbook-out", ".txt");
        Path stderr = Files.createTempFile("rollbook-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).directory(MODULE_DIR)
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("rollbook finished in time").isTrue();
            return new Result(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static Result plan(String snapshot) throws IOException, InterruptedException {
        return rollbook("plan", "-f", PlanCommandTest.snapshot(snapshot), "--now", PlanCommandTest.NOW, "-o", "json");
    }

    @Test
    void plansAJsonExampleExactly() throws Exception {
        Result r = plan("rolling-create-and-scale-down.input.json");

        assertThat(r.err()).isEmpty(); // no build, no noise
        assertThat(r.exit()).isZero();
        JsonNode expected = PlanCommandTest.expected("rolling-create-and-scale-down");
        assertThat(PlanCommandTest.normalised(Codec.json().readTree(r.out())))
                .isEqualTo(PlanCommandTest.normalised(expected));
    }

    @Test
    void plansAKubectlYamlSnapshot() throws Exception {
        Result r = plan("recreate-old-pods-running.yaml");

        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        JsonNode plan = Codec.json().readTree(r.out());
        assertThat(plan.path("path").asText()).isEqualTo("rollout-recreate");
        assertThat(plan.path("actions")).isEmpty();
    }

    @Test
    void errorsGoToStderrWithExitOne() throws Exception {
        Result r = rollbook("plan", "-f", "no/such/state.yaml");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: the path \"no/such/state.yaml\" does not exist\n");
    }

    /**
     * The broker's jars are not on rollbook.jar's classpath (they are in lib/broker, loaded only by
     * what starts a broker): the packaged {@code broker} verb must still start a real one.
     */
    @Test
    void theJarStartsItsEmbeddedBrokerFromLibBroker() throws Exception {
        Path data = Files.createTempDirectory("rollbook-launcher-broker");
        Process p = new ProcessBuilder("bash", LAUNCHER.toString(), "broker", "--data-dir", data.toString(),
                "--kafka-port", "0").directory(MODULE_DIR).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String started = null;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("rollbook broker: Kafka at localhost:")) {
                    started = line;
                    break;
                }
            }
            assertThat(started).as("the broker's start line").isNotNull().doesNotContain("localhost:0 ");
            assertThat(Files.isDirectory(data.resolve("kafka"))).as("its log directory").isTrue();
        } finally {
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the broker stopped on SIGTERM").isTrue();
        }
    }

    @Test
    void theBrokersJarsAreOffTheClasspathOfEveryVerb() throws Exception {
        Path target = MODULE_DIR.toPath().resolve("target");
        String classPath;
        try (var jar = new java.util.jar.JarFile(target.resolve("rollbook.jar").toFile())) {
            classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
        }
        assertThat(classPath).contains("lib/kafka-clients-").doesNotContain("kafka_2.13").doesNotContain("scala-library")
                .doesNotContain("rollbook-broker");
        try (var broker = Files.list(target.resolve("lib").resolve("broker"))) {
            assertThat(broker.map(f -> f.getFileName().toString()).toList())
                    .anyMatch(f -> f.startsWith("kafka_2.13-")).anyMatch(f -> f.startsWith("rollbook-broker-"))
                    .noneMatch(f -> f.startsWith("kafka-clients-"));
        }
    }
}
