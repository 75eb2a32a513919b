package io.rollbook.infra.cli;

import io.rollbook.api.command.Abort;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Pause;
import io.rollbook.api.command.Promote;
import io.rollbook.api.command.Restart;
import io.rollbook.api.command.Resume;
import io.rollbook.api.command.Undo;
import io.rollbook.api.value.ObjectRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code rollbook rollout pause|resume|undo|restart|promote|abort deployment/x}. */
@Command(name = "rollout", mixinStandardHelpOptions = true, description = "Manage the rollout of a Deployment.")
final class RolloutCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** A rollout verb on one Deployment. */
    abstract static class RolloutVerb extends CommandVerb {
        @Parameters(paramLabel = "TYPE/NAME", arity = "1..2", description = "deployment/NAME")
        List<String> resource;

        RolloutVerb(Clock clock) {
            super(clock);
        }

        abstract CommandPayload payload();

        @Override
        public Integer call() {
            ObjectRef target = target(resource);
            if (!ObjectRef.DEPLOYMENT.equals(target.kind())) {
                throw new IllegalArgumentException("no rollout support for replicasets.apps \"" + target.name() + "\"");
            }
            return send(target, null, payload());
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Mark the Deployment as paused.")
    static final class PauseVerb extends RolloutVerb {
        PauseVerb(Clock clock) {
            super(clock);
        }

        @Override
        CommandPayload payload() {
            return new Pause();
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused Deployment.")
    static final class ResumeVerb extends RolloutVerb {
        ResumeVerb(Clock clock) {
            super(clock);
        }

        @Override
        CommandPayload payload() {
            return new Resume();
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart every pod of a Deployment.")
    static final class RestartVerb extends RolloutVerb {
        RestartVerb(Clock clock) {
            super(clock);
        }

        @Override
        CommandPayload payload() {
            return new Restart();
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Move a canary (rollbook.io/canary-steps) on to its next step.")
    static final class PromoteVerb extends RolloutVerb {
        @Option(names = "--full", description = "Skip every step left: roll out to all replicas.")
        boolean full;

        PromoteVerb(Clock clock) {
            super(clock);
        }

        @Override
        CommandPayload payload() {
            return new Promote(full);
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "Stop a canary: every replica back to the stable revision, the canary's revision failed.")
    static final class AbortVerb extends RolloutVerb {
        AbortVerb(Clock clock) {
            super(clock);
        }

        @Override
        CommandPayload payload() {
            return new Abort();
        }
    }

    @Command(name = "undo", mixinStandardHelpOptions = true, description = "Roll back to a previous revision.")
    static final class UndoVerb extends RolloutVerb {
        @Option(names = "--to-revision", paramLabel = "N", defaultValue = "0",
                description = "The revision to roll back to (default: ${DEFAULT-VALUE}, the previous one).")
        long toRevision;

        @Option(names = "--force", description = "Roll back even to a revision whose rollout failed.")
        boolean force;

        @Option(names = "--dry-run", paramLabel = "none|client|server", arity = "0..1", fallbackValue = "client",
                defaultValue = "none", description = "client or server: print the template that would be restored "
                + "and its diff against the current one, and change nothing (asks `up` at --server).")
        String dryRun;

        @Mixin
        QueryClient query;

        UndoVerb(Clock clock) {
            super(clock);
        }

        @Override
        public Integer call() {
            if ("none".equals(dryRun)) {
                return super.call();
            }
            if (!"client".equals(dryRun) && !"server".equals(dryRun)) {
                throw new IllegalArgumentException("Invalid dry-run value (" + dryRun
                        + "). Must be \"none\", \"server\", or \"client\".");
            }
            ObjectRef target = target(resource);
            if (!ObjectRef.DEPLOYMENT.equals(target.kind())) {
                throw new IllegalArgumentException("no rollout support for replicasets.apps \"" + target.name() + "\"");
            }
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("namespace", target.namespace());
            params.put("name", target.name());
            params.put("revision", toRevision);
            params.put("force", force);
            return query.ask("rollout-undo", params).relay(spec.commandLine().getOut(), spec.commandLine().getErr());
        }

        @Override
        CommandPayload payload() {
            return new Undo(toRevision, force);
        }
    }
}
