package io.rollbook.infra.cli;

import io.rollbook.infra.crash.CrashTest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code rollbook crash-test}: see {@link CrashTest}. Progress goes to stderr; the last line on
 * stdout is {@code crash test: N kills, C commands, L lost, D duplicated, final state equal|differs}.
 * Exit status 0 only when nothing was lost or duplicated, both runs settled and their states are equal.
 */
@Command(name = "crash-test", mixinStandardHelpOptions = true, sortOptions = false,
        description = "SIGKILL the engine mid-rollout and compare with a fault-free run of the same commands.")
public final class CrashTestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kills", paramLabel = "N", defaultValue = "5", description = "Engine kills (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--deployments", paramLabel = "D", defaultValue = "100",
            description = "Deployments driven by the load generator (default: ${DEFAULT-VALUE}).")
    int deployments;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1",
            description = "Seed of the command sequence and of the kill moments (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Broker data and process logs (default: a new temporary directory).")
    Path workDir;

    @Option(names = "--settle-timeout", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "How long each run may take to settle after the last command (default: ${DEFAULT-VALUE}).")
    Duration settleTimeout;

    @Option(names = "--classpath", paramLabel = "CP",
            description = "Classpath of the broker and engine JVMs (default: this JVM's).")
    String classpath;

    @Override
    public Integer call() throws Exception {
        Path dir = workDir != null ? workDir : Files.createTempDirectory("rollbook-crash-");
        String cp = classpath != null ? classpath : System.getProperty("java.class.path");
        PrintWriter err = spec.commandLine().getErr();
        err.println("crash test: work dir " + dir);
        CrashTest.Result result = CrashTest.run(new CrashTest.Options(kills, deployments, seed, dir, cp, settleTimeout,
                err));
        PrintWriter out = spec.commandLine().getOut();
        out.println(result.line());
        out.flush();
        return result.passed() ? 0 : 1;
    }
}
