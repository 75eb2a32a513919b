package io.rollbook.infra.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rollbook net check FROM TO [--port N] [--protocol TCP] [-o json]}: NetworkPolicy evaluation. */
@Command(name = "net", mixinStandardHelpOptions = true,
        description = "Network rules: which traffic the NetworkPolicies allow, and the path it takes.")
final class NetCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (check)");
    }

    /** One connection: allowed or denied, the deciding policies and rules, the packet's path. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Whether FROM may open a connection to TO: the decision (exit status 1 when denied), "
                    + "the policies and rules that decided it, and the path the packet takes.")
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        QueryClient query;

        @Parameters(index = "0", paramLabel = "FROM",
                description = "pod/NAME, deployment/NAME (a running pod of it), rs/NAME, NAMESPACE/pod/NAME, or an IP")
        String from;

        @Parameters(index = "1", paramLabel = "TO", description = "Same forms as FROM.")
        String to;

        @Option(names = "--port", paramLabel = "N", defaultValue = "80",
                description = "Destination port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--protocol", paramLabel = "PROTO", defaultValue = "TCP",
                description = "TCP, UDP or SCTP (default: ${DEFAULT-VALUE}).")
        String protocol;

        @Option(names = {"-n", "--namespace"}, defaultValue = "default",
                description = "Namespace of FROM and TO when they do not name one (default: ${DEFAULT-VALUE}).")
        String namespace;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "json: the answer for scripts.")
        String output;

        @Override
        public Integer call() {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("from", from);
            params.put("to", to);
            params.put("namespace", namespace);
            params.put("port", port);
            params.put("protocol", protocol);
            params.put("output", output);
            return query.ask("net-check", params).relay(spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }
}
