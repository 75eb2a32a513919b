package io.rollbook.infra.cli;

import io.rollbook.infra.crash.ClusterTest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rollbook cluster-test}: see {@link ClusterTest}. The brokers run Kafka's own
 * {@code kafka.Kafka}, the instances run {@code rollbook up --bootstrap-servers ...}, and the
 * commands that must be answered go through this CLI's own verbs, in this process. Progress goes to
 * stderr; the last line on stdout is {@code cluster test: B broker kills, E engine kills, N commands,
 * L lost, D duplicated, final state equal|differs}. Exit status 0 only when it all passed.
 */
@Command(name = "cluster-test", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Kill a broker and an instance of a real three-broker cluster under load; judge the log.")
public final class ClusterTestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--brokers", paramLabel = "N", defaultValue = "3", description = "Kafka nodes (default: ${DEFAULT-VALUE}).")
    int brokers;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "3",
            description = "Rollbook instances at the start (default: ${DEFAULT-VALUE}); one more joins during the load.")
    int instances;

    @Option(names = "--no-join", description = "Do not add an instance during the load.")
    boolean noJoin;

    @Option(names = "--deployments", paramLabel = "D", defaultValue = "30",
            description = "Deployments driven by the load (default: ${DEFAULT-VALUE}).")
    int deployments;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed of the load (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Logs and data (default: a new temporary directory).")
    Path workDir;

    @Option(names = "--settle-timeout", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "How long the load may take to settle (default: ${DEFAULT-VALUE}).")
    Duration settleTimeout;

    @Option(names = "--classpath", paramLabel = "CP", description = "Classpath of the instances (default: this JVM's).")
    String classpath;

    @Option(names = "--broker-classpath", paramLabel = "CP", required = true,
            description = "Classpath of the brokers: Kafka's server jars and the clients (lib/broker/*:lib/*).")
    String brokerClasspath;

    @Option(names = "--client-config", paramLabel = "KEY=VALUE",
            description = "A Kafka client setting for every instance (repeatable), e.g. session.timeout.ms=6000.")
    Map<String, String> clientConfig = Map.of();

    @Option(names = "--broker-config", paramLabel = "KEY=VALUE",
            description = "A broker setting (repeatable), e.g. transaction.abort.timed.out.transaction.cleanup.interval.ms=1000.")
    Map<String, String> brokerConfig = Map.of();

    @Override
    public Integer call() throws Exception {
        Path dir = workDir != null ? workDir : Files.createTempDirectory("rollbook-cluster-");
        String cp = classpath != null ? classpath : System.getProperty("java.class.path");
        PrintWriter err = spec.commandLine().getErr();
        err.println("cluster test: work dir " + dir);
        ClusterTest.Result result = ClusterTest.run(new ClusterTest.Options(brokers, instances, !noJoin, deployments,
                seed, dir, brokerClasspath, up(cp), ClusterTestCommand::verb, brokerConfig, clientConfig, settleTimeout,
                err));
        PrintWriter out = spec.commandLine().getOut();
        out.println(result.line());
        out.flush();
        return result.passed() ? 0 : 1;
    }

    /** Each instance is {@code rollbook up --bootstrap-servers ... --instance-id ... --http-port ...}. */
    private static ClusterTest.InstanceLauncher up(String classpath) {
        return new ClusterTest.InstanceLauncher() {
            @Override
            public String classpath() {
                return classpath;
            }

            @Override
            public String mainClass() {
                return Main.class.getName();
            }

            @Override
            public List<String> args(ClusterTest.Instance i) {
                return List.of("up", "--bootstrap-servers", i.bootstrapServers(), "--topic-prefix", i.topicPrefix(),
                        "--instance-id", i.id(), "--http-address", "127.0.0.1", "--http-port", String.valueOf(i.httpPort()),
                        "--partitions", String.valueOf(i.partitions()), "--kafka-config", i.clientSettingsFile().toString(),
                        "--pod-start", "PT0.1S", "--pod-ready", "PT0.3S", "--pod-terminate", "PT0.1S");
            }
        };
    }

    /** One verb of this CLI, run in this process as a user would run it. */
    private static ClusterTest.Cli.Ran verb(String bootstrapServers, String topicPrefix, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(Clock.systemUTC(), new ByteArrayInputStream(new byte[0]));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--bootstrap-servers", bootstrapServers, "--topic-prefix", topicPrefix));
        int exit = cli.execute(all.toArray(String[]::new));
        return new ClusterTest.Cli.Ran(exit, out.toString(), err.toString());
    }
}
