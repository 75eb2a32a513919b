package io.rollbook.infra.cli;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.kafka.CommandClient;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Sends commands for the verbs and prints their outcomes as kubectl prints its results: the line
 * on stdout, or {@code error: ...} on stderr with exit status 1. Ids and times are made here, at
 * the edge.
 */
final class CommandSender {

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the engine's answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--as", paramLabel = "USER", description = "Who is asking; recorded on every event (default: $USER).")
    String actor;

    /** A client that gives up quickly when no broker answers, so a missing `rollbook up` is said at once. */
    static CommandClient client(KafkaOptions kafka) {
        try {
            return new CommandClient(kafka.settings(Map.of("max.block.ms", "10000",
                    "default.api.timeout.ms", "10000", "request.timeout.ms", "10000")), kafka.topics(), "rollbook-cli");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IllegalArgumentException("cannot reach Kafka at " + kafka.bootstrapServers
                    + " (is `rollbook up` running?): " + e.getMessage());
        }
    }

    CommandEnvelope envelope(ObjectRef target, Clock clock, String cause, CommandPayload payload) {
        String who = actor != null ? actor : System.getProperty("user.name", "unknown");
        return CommandEnvelope.of(UUID.randomUUID().toString(), target, clock.instant(), who, cause, payload);
    }

    /** Sends and prints; returns the exit status. */
    int sendAndPrint(CommandClient client, CommandEnvelope command, PrintWriter out, PrintWriter err) {
        Outcome outcome;
        try {
            outcome = client.send(command, Duration.ofSeconds(timeoutSeconds));
        } catch (TimeoutException e) {
            err.println("error: no answer from the engine within " + timeoutSeconds + "s (is `rollbook up` running?)");
            err.flush();
            return Main.FAILURE;
        }
        return print(outcome, out, err);
    }

    static int print(Outcome outcome, PrintWriter out, PrintWriter err) {
        if (outcome.status() == Outcome.Status.Rejected) {
            err.println("error: " + outcome.message());
            err.flush();
            return Main.FAILURE;
        }
        if (!outcome.message().isEmpty()) {
            out.println(outcome.message());
            out.flush();
        }
        return 0;
    }
}
