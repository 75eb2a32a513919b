package io.rollbook.infra.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code rollout status} and {@code rollout history}: answered by the projections through HTTP. */
final class RolloutQueries {

    private RolloutQueries() {
    }

    /** A Deployment named in kubectl's forms. */
    static String deploymentName(List<String> resource) {
        var ref = Resources.parse(resource, "default");
        if (!"Deployment".equals(ref.kind())) {
            throw new IllegalArgumentException("no rollout support for replicasets.apps \"" + ref.name() + "\"");
        }
        return ref.name();
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Watch the rollout of a Deployment until it completes.")
    static final class StatusVerb implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        QueryClient query;

        @Parameters(paramLabel = "TYPE/NAME", arity = "1..2", description = "deployment/NAME")
        List<String> resource;

        @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "Namespace.")
        String namespace;

        @Option(names = {"-w", "--watch"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
                description = "Watch until the rollout completes (default: ${DEFAULT-VALUE}).")
        boolean watch;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "0s",
                description = "How long to watch before giving up, e.g. 30s or 5m; 0 watches forever.")
        String timeout;

        @Option(names = "--revision", paramLabel = "N", defaultValue = "0", description = "Pin to a revision.")
        long revision;

        private final Clock clock;

        StatusVerb(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Integer call() throws InterruptedException {
            String name = deploymentName(resource);
            Duration limit = goDuration(timeout);
            Instant deadline = limit.isZero() ? Instant.MAX : clock.instant().plus(limit);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String last = null;
            while (true) {
                QueryClient.Printed p = query.ask("rollout-status",
                        params("namespace", namespace, "name", name, "revision", revision));
                if (p.exitCode() != 0 || !watch) {
                    return p.relay(out, err);
                }
                if (!p.stdout().equals(last)) {
                    out.print(p.stdout());
                    out.flush();
                    last = p.stdout();
                }
                if (p.stdout().contains("successfully rolled out")) {
                    return 0;
                }
                if (!clock.instant().isBefore(deadline)) {
                    err.println("error: timed out waiting for the condition");
                    err.flush();
                    return Main.FAILURE;
                }
                Thread.sleep(200);
            }
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "The revisions of a Deployment.")
    static final class HistoryVerb implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        QueryClient query;

        @Parameters(paramLabel = "TYPE/NAME", arity = "1..2", description = "deployment/NAME")
        List<String> resource;

        @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "Namespace.")
        String namespace;

        @Option(names = "--revision", paramLabel = "N", defaultValue = "0", description = "Details of one revision.")
        long revision;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
                description = "wide adds IMAGE, CREATED, BY, SOURCE and OUTCOME and keeps cleaned-up revisions; json, yaml "
                        + "(each ReplicaSet with its rollbook.io/revision-outcome).")
        String output;

        @Override
        public Integer call() {
            return query.ask("rollout-history", params("namespace", namespace, "name", deploymentName(resource),
                    "revision", revision, "output", output)).relay(spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static final Pattern GO_DURATION = Pattern.compile("(\\d+)(h|m|s|ms)");

    /** Go's duration strings as kubectl takes them: 30s, 5m, 1h30m, 0. */
    static Duration goDuration(String text) {
        if ("0".equals(text)) {
            return Duration.ZERO;
        }
        Matcher m = GO_DURATION.matcher(text);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "ms" -> Duration.ofMillis(n);
                default -> Duration.ofSeconds(n);
            });
            end = m.end();
        }
        if (end != text.length() || text.isEmpty()) {
            throw new IllegalArgumentException("invalid argument \"" + text + "\" for \"--timeout\" flag: time: invalid duration \""
                    + text + "\"");
        }
        return d;
    }
}
