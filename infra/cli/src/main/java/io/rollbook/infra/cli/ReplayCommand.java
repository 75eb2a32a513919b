package io.rollbook.infra.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rollbook replay KIND/NAME (--to-revision N | --at TIME | --at-offset N) [-o yaml|json]}. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Show an object as it stood at a revision, a time or a position of its log.")
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    QueryClient query;

    @Parameters(paramLabel = "KIND/NAME", description = "deployment/NAME or rs/NAME")
    String object;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "Namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml or json.")
    String output;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Point point;

    static final class Point {
        @Option(names = "--to-revision", paramLabel = "N", description = "When revision N was last the running one.")
        Long revision;

        @Option(names = "--at", paramLabel = "TIME", description = "At an RFC 3339 time.")
        String at;

        @Option(names = "--at-offset", paramLabel = "N", description = "After the first N events of its log.")
        Long offset;
    }

    @Override
    public Integer call() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("object", object);
        params.put("namespace", namespace);
        params.put("revision", point.revision);
        params.put("at", point.at);
        params.put("offset", point.offset);
        params.put("output", output);
        return query.ask("replay", params).relay(spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
