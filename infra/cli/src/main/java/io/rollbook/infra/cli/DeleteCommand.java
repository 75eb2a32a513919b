package io.rollbook.infra.cli;

import io.rollbook.api.command.Delete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.List;

/** {@code rollbook delete deployment/x}: the object, its ReplicaSets and its pods; or one stored network object. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a Deployment, ReplicaSet, Namespace, NetworkPolicy or NetworkAttachmentDefinition.")
final class DeleteCommand extends CommandVerb {

    @Parameters(paramLabel = "TYPE/NAME", arity = "1..2",
            description = "deployment/NAME, rs/NAME, netpol/NAME, ns/NAME or net-attach-def/NAME")
    List<String> resource;

    DeleteCommand(Clock clock) {
        super(clock);
    }

    @Override
    public Integer call() {
        return send(target(resource), null, new Delete());
    }
}
