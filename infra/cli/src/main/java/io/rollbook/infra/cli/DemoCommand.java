package io.rollbook.infra.cli;

import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.kafka.EngineListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code rollbook demo}: the seed walkthrough, unattended, on a throwaway embedded broker. Each
 * step prints the command as a user would type it, then exactly what that command prints.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the seed walkthrough on a throwaway embedded broker and print each step.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--examples", paramLabel = "DIR", defaultValue = "examples",
            description = "Where the seed manifests are (default: ./${DEFAULT-VALUE}).")
    Path examples;

    private final Clock clock;

    DemoCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(examples)) {
            throw new IllegalArgumentException("the path \"" + examples + "\" does not exist (run from the repository root)");
        }
        Path dir = Files.createTempDirectory("rollbook-demo");
        Stages fast = new Stages(Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(200), 0.2,
                Stages.defaults().nodes(), 1);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Starting a throwaway Rollbook (embedded Kafka in " + dir + ")...");
        out.flush();
        try (Rollbook rollbook = Rollbook.start(Rollbook.Options.builder()
                .embeddedBroker(dir, 0).instanceId("demo").stages(fast)
                .http("127.0.0.1", 0).build(), clock, EngineListener.NONE)) {
            int failures = walkthrough(rollbook);
            out.println(failures == 0 ? "Demo finished: every step printed what kubectl prints."
                    : "Demo finished with " + failures + " unexpected failure(s).");
            return failures == 0 ? 0 : Main.FAILURE;
        } finally {
            deleteRecursively(dir);
        }
    }

    /** The steps; a step expected to fail (to show kubectl's error) is marked so. */
    private int walkthrough(Rollbook rollbook) {
        String ex = examples.toString();
        String nginx = "deployment/nginx-deployment";
        List<Step> steps = List.of(
                s("apply", "-f", ex + "/nginx-deployment.yaml"),
                s("rollout", "status", nginx),
                s("get", "deployments"),
                s("scale", nginx, "--replicas=5"),
                s("rollout", "status", nginx),
                s("set", "image", nginx, "nginx=nginx:1.16.1", "--record"),
                s("rollout", "status", nginx),
                s("get", "rs"),
                s("rollout", "history", nginx),
                s("rollout", "undo", nginx),
                s("rollout", "status", nginx),
                s("rollout", "history", nginx),
                s("rollout", "undo", nginx, "--to-revision=2"),
                s("rollout", "status", nginx),
                s("rollout", "pause", nginx),
                s("set", "image", nginx, "nginx=nginx:1.17.0", "--record"),
                s("get", "rs"),
                fails("rollout", "pause", nginx),
                s("rollout", "resume", nginx),
                s("rollout", "status", nginx),
                s("rollout", "history", nginx, "-o", "wide"),
                s("apply", "-f", ex + "/myapp-replicaset.yaml"),
                s("scale", "rs/myapp-replicaset", "--replicas=5"),
                s("get", "pods", "-o", "wide"),
                s("apply", "-f", ex + "/recreate-deployment.yaml"),
                s("rollout", "status", "deployment/db-migrator"),
                s("set", "image", "deployment/db-migrator", "migrator=migrator:2.0"),
                s("rollout", "status", "deployment/db-migrator"),
                s("replay", nginx, "--to-revision", "1"),
                s("audit", nginx, "--since", clock.instant().toString()));
        int failures = 0;
        for (Step step : steps) {
            int status = run(rollbook, step.args());
            if ((status != 0) != step.fails()) {
                failures++;
            }
        }
        return failures;
    }

    private int run(Rollbook rollbook, String[] args) {
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.println("$ rollbook " + String.join(" ", args));
        out.flush();
        List<String> full = new ArrayList<>(List.of(connected(rollbook, args)));
        if (args[0].equals("rollout") && args[1].equals("status")) {
            full.add("--timeout=60s");
        }
        CommandLine cli = Main.commandLine(clock, new ByteArrayInputStream(new byte[0]));
        cli.setOut(out);
        cli.setErr(spec.commandLine().getErr());
        return cli.execute(full.toArray(String[]::new));
    }

    /** One command line, and whether it is meant to show an error. */
    private record Step(boolean fails, String... args) {
    }

    /**
     * {@code args} with the flag that connects the verb to {@code rollbook}: {@code --server} for
     * the verbs answered over HTTP, {@code --bootstrap-servers} for those that send commands.
     */
    static String[] connected(Rollbook rollbook, String... args) {
        List<String> full = new ArrayList<>(List.of(args));
        boolean query = List.of("get", "replay", "audit", "net", "explain").contains(args[0])
                || (args[0].equals("rollout") && List.of("status", "history").contains(args[1]));
        full.add(query ? "--server=" + rollbook.httpUrl("127.0.0.1")
                : "--bootstrap-servers=" + rollbook.kafka().bootstrapServers());
        if (args[0].equals("rollout") && args[1].equals("undo")) {
            full.add("--server=" + rollbook.httpUrl("127.0.0.1")); // --dry-run asks the projections
        }
        return full.toArray(String[]::new);
    }

    private static Step s(String... args) {
        return new Step(false, args);
    }

    /** A step that shows kubectl's error (exit 1) on purpose. */
    private static Step fails(String... args) {
        return new Step(true, args);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
