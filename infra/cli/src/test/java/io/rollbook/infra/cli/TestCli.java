package io.rollbook.infra.cli;

import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.kafka.EngineListener;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Runs the CLI in-process against a running {@code up}, as a person would from a terminal (for other packages' tests). */
public final class TestCli {

    public record Run(int exit, String out, String err) {
    }

    private TestCli() {
    }

    /** {@code rollbook up} as the tests run it: an embedded broker in {@code dir}, HTTP on a free loopback port. */
    public static Rollbook up(Path dir, String instanceId, Stages stages) {
        return Rollbook.start(Rollbook.Options.builder().embeddedBroker(dir.resolve("data"), 0).instanceId(instanceId)
                .stages(stages).http("127.0.0.1", 0).build(), Clock.systemUTC(), EngineListener.NONE);
    }

    /**
     * The kubelet stand-in's stages the end-to-end tests use: a pod starts after 50 ms, is ready 100 ms
     * later and terminates in 50 ms, with 20% jitter, on the default nodes, seed 3.
     */
    public static Stages fastStages() {
        return new Stages(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(50), 0.2,
                Stages.defaults().nodes(), 3);
    }

    /** The token file and the authorization file the tests of authentication start {@code up} with. */
    public record AuthFiles(Path tokens, Path authorization) {
    }

    /**
     * Writes them into {@code dir}: {@code alice} (token {@code t-alice}) in group {@code admins},
     * bound to admin; {@code victor} ({@code t-victor}) bound to view cluster-wide; {@code erin}
     * ({@code t-erin}) in groups {@code team-a} and {@code devs}, team-a bound to edit in namespace a.
     */
    public static AuthFiles authFiles(Path dir) throws java.io.IOException {
        Path tokens = java.nio.file.Files.writeString(dir.resolve("tokens.csv"), """
                t-alice,alice,1,"admins"
                t-victor,victor,2
                t-erin,erin,3,"team-a,devs"
                """);
        Path authz = java.nio.file.Files.writeString(dir.resolve("authz.yaml"), """
                bindings:
                - role: admin
                  groups: [admins]
                - role: view
                  users: [victor]
                - role: edit
                  groups: [team-a]
                  namespace: a
                """);
        return new AuthFiles(tokens, authz);
    }

    /** A file of the repository's {@code examples/}, from the module's directory where tests run. */
    public static String example(String... path) {
        return Path.of("..", "..", "examples").resolve(String.join("/", path)).toString();
    }

    /** {@code rollbook ARGS...} with {@code --server} for queries and {@code --bootstrap-servers} for commands. */
    public static Run run(Rollbook up, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(Clock.systemUTC(), new ByteArrayInputStream(new byte[0]));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(DemoCommand.connected(up, args));
        return new Run(exit, out.toString(), err.toString());
    }
}
