package io.rollbook.infra.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rollbook get deployments|rs|pods [NAME] [-o wide|json|yaml]}, with kubectl's columns. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Display Deployments, ReplicaSets or Pods.")
final class GetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    QueryClient query;

    @Parameters(paramLabel = "TYPE[/NAME]", arity = "1..2", description = "deployments, rs or pods, and a name")
    List<String> args;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "Namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "wide, json or yaml.")
    String output;

    private final Clock clock;

    GetCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        String resource = args.get(0);
        String name = args.size() > 1 ? args.get(1) : null;
        int slash = resource.indexOf('/');
        if (slash > 0) {
            name = resource.substring(slash + 1);
            resource = resource.substring(0, slash);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("resource", resource);
        params.put("namespace", namespace);
        params.put("name", name);
        params.put("output", output);
        params.put("now", clock.instant());
        return query.ask("get", params).relay(spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
