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

/** {@code rollbook audit [KIND/NAME] [--since TIME] [-o jsonl]}: the log, oldest first, with who and why. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The event log, oldest first, with who and why.")
final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    QueryClient query;

    @Parameters(paramLabel = "KIND/NAME", arity = "0..1", description = "Only this object (default: everything).")
    String object;

    @Option(names = {"-n", "--namespace"}, description = "Namespace (default: default for an object, all otherwise).")
    String namespace;

    @Option(names = "--since", paramLabel = "TIME", description = "Only events at or after this RFC 3339 time.")
    String since;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "jsonl: one event envelope per line.")
    String output;

    @Override
    public Integer call() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("object", object);
        params.put("namespace", namespace);
        params.put("since", since);
        params.put("output", output);
        return query.ask("audit", params).relay(spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
