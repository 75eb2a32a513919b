package io.rollbook.infra.cli;

import io.rollbook.api.command.Scale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.List;

/** {@code rollbook scale deployment/x --replicas=N} (also {@code rs/x}). */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Set a new size for a Deployment or ReplicaSet.")
final class ScaleCommand extends CommandVerb {

    @Parameters(paramLabel = "TYPE/NAME", arity = "1..2", description = "deployment/NAME or rs/NAME")
    List<String> resource;

    @Option(names = "--replicas", required = true, paramLabel = "COUNT", description = "The new number of replicas.")
    int replicas;

    @Option(names = "--record", description = "Record the command line as the change-cause.")
    boolean record;

    ScaleCommand(Clock clock) {
        super(clock);
    }

    @Override
    public Integer call() {
        return send(target(resource), record ? recordedCommand() : null, new Scale(replicas));
    }
}
