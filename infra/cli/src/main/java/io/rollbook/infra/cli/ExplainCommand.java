package io.rollbook.infra.cli;

import io.rollbook.api.value.ObjectRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rollbook explain deployment/NAME}: why the Deployment is where it is (paused, the surge
 * ceiling or availability floor with the numbers, new pods not ready, the progress deadline, the
 * deadline rule's last decision), answered by {@code up}'s projections.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, description = "Why a Deployment is where it is.")
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    QueryClient query;

    @Parameters(paramLabel = "TYPE/NAME", arity = "1..2", description = "deployment/NAME")
    List<String> resource;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "Namespace.")
    String namespace;

    @Override
    public Integer call() {
        ObjectRef target = Resources.parse(resource, namespace);
        if (!ObjectRef.DEPLOYMENT.equals(target.kind())) {
            throw new IllegalArgumentException("explain supports deployments only, not " + target.kind());
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("namespace", target.namespace());
        params.put("name", target.name());
        return query.ask("explain", params).relay(spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
