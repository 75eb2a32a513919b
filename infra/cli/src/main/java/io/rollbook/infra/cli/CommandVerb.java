package io.rollbook.infra.cli;

import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.kafka.CommandClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** The shape every command-sending verb shares: options, one target, one payload, one outcome. */
abstract class CommandVerb implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    CommandSender sender;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", defaultValue = "default",
            description = "Namespace of the object (default: ${DEFAULT-VALUE}).")
    String namespace;

    final Clock clock;

    CommandVerb(Clock clock) {
        this.clock = clock;
    }

    /** Sends one command for {@code target} and prints its outcome. */
    int send(ObjectRef target, String cause, CommandPayload payload) {
        try (CommandClient client = sender.client(kafka)) {
            return sender.sendAndPrint(kafka, client, sender.envelope(target, clock, cause, payload),
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    ObjectRef target(List<String> args) {
        return Resources.parse(args, namespace);
    }

    /** Options that say where and how to connect, not what to change: left out of a recorded command. */
    private static final List<String> CONNECTION_OPTIONS = List.of("--bootstrap-servers", "--topic-prefix",
            "--kafka-config", "--request-timeout", "--as", "--server");

    /** kubectl's --record: the command line, without connection options, as the change-cause. */
    String recordedCommand() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        StringBuilder sb = new StringBuilder("rollbook");
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String option = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (CONNECTION_OPTIONS.contains(option)) {
                i += a.contains("=") ? 0 : 1; // skip its value too
                continue;
            }
            sb.append(' ').append(a);
        }
        return sb.toString();
    }
}
