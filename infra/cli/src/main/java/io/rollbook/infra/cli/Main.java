package io.rollbook.infra.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Properties;

/**
 * The {@code rollbook} command line (docs/contract.md, "The command line"): the top command, its verbs, and the
 * error conventions every verb shares.
 *
 * <p>Exit status 0 on success, 1 on any error. Errors go to stderr prefixed {@code error: }; a bad
 * argument or unknown verb also prints the usage of the command it was given to.
 */
@Command(name = "rollbook", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "The Kubernetes Deployment controller as an event-sourced engine.",
        synopsisSubcommandLabel = "VERB")
public final class Main implements Runnable {

    /** Exit status of a failed command, as kubectl uses it. */
    static final int FAILURE = 1;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(Clock.systemUTC(), System.in).execute(args));
    }

    /**
     * The whole command tree, wired to its side effects.
     *
     * @param clock the clock verbs use when the user gives no time
     * @param stdin what {@code -f -} reads
     */
    static CommandLine commandLine(Clock clock, InputStream stdin) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand("up", new UpCommand(clock));
        cli.addSubcommand("demo", new DemoCommand(clock));
        cli.addSubcommand("apply", new ApplyCommand(clock, stdin));
        cli.addSubcommand("scale", new ScaleCommand(clock));
        cli.addSubcommand("set", new CommandLine(new SetCommand())
                .addSubcommand("image", new SetCommand.Image(clock)));
        cli.addSubcommand("rollout", new CommandLine(new RolloutCommand())
                .addSubcommand("pause", new RolloutCommand.PauseVerb(clock))
                .addSubcommand("resume", new RolloutCommand.ResumeVerb(clock))
                .addSubcommand("undo", new RolloutCommand.UndoVerb(clock))
                .addSubcommand("restart", new RolloutCommand.RestartVerb(clock))
                .addSubcommand("promote", new RolloutCommand.PromoteVerb(clock))
                .addSubcommand("abort", new RolloutCommand.AbortVerb(clock))
                .addSubcommand("status", new RolloutQueries.StatusVerb(clock))
                .addSubcommand("history", new RolloutQueries.HistoryVerb()));
        cli.addSubcommand("get", new GetCommand(clock));
        cli.addSubcommand("replay", new ReplayCommand());
        cli.addSubcommand("audit", new AuditCommand());
        cli.addSubcommand("explain", new ExplainCommand());
        cli.addSubcommand("delete", new DeleteCommand(clock));
        cli.addSubcommand("plan", new PlanCommand(clock, stdin));
        cli.addSubcommand("kubeconfig", new KubeconfigCommand());
        cli.addSubcommand("certificate", new CertificateCommand(clock));
        cli.addSubcommand("net", new CommandLine(new NetCommand()).addSubcommand("check", new NetCommand.Check()));
        cli.addSubcommand("bench", new BenchCommand());
        cli.addSubcommand("broker", new BrokerCommand());
        cli.addSubcommand("kafka-acls", new KafkaAclsCommand());
        cli.addSubcommand("crash-test", new CrashTestCommand());
        cli.addSubcommand("cluster-test", new ClusterTestCommand());
        cli.setParameterExceptionHandler(Main::badArguments);
        cli.setExecutionExceptionHandler(Main::failed);
        cli.setExitCodeExceptionMapper(e -> FAILURE);
        return cli;
    }

    /** {@code rollbook} with no verb: say which are there. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a verb is required");
    }

    /** Bad arguments or an unknown verb: the message, a suggestion if picocli has one, then the usage. */
    private static int badArguments(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        cmd.usage(err, cmd.getColorScheme());
        return FAILURE;
    }

    /**
     * A verb failed. Bad input (an {@link IllegalArgumentException}, for example a maxSurge the
     * planner cannot resolve) is the user's to fix and gets its message; anything else is a bug and
     * gets its stack trace too.
     */
    private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (isUserError(e)) {
            err.println("error: " + e.getMessage());
        } else {
            err.println("error: internal error: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

    /** Bad input, an unreadable file or an unreachable Kafka: said plainly, without a stack trace. */
    private static boolean isUserError(Exception e) {
        return e.getMessage() != null && (e instanceof IllegalArgumentException
                || e instanceof UncheckedIOException || e instanceof java.nio.file.NoSuchFileException
                || e instanceof org.apache.kafka.common.KafkaException);
    }

    /** The version Maven recorded in the jar; "unknown" when run from classes (tests, IDE). */
    static final class Version implements CommandLine.IVersionProvider {
        private static final String POM = "/META-INF/maven/io.rollbook/rollbook-cli/pom.properties";

        @Override
        public String[] getVersion() {
            Properties pom = new Properties();
            try (InputStream in = Main.class.getResourceAsStream(POM)) {
                if (in != null) {
                    pom.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + POM, e);
            }
            return new String[] {"rollbook " + pom.getProperty("version", "unknown")};
        }
    }
}
