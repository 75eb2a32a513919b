package io.rollbook.infra.cli;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.kafka.CommandClient;
import io.rollbook.infra.kafka.EngineGroup;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Sends commands for the verbs and prints their outcomes as kubectl prints its results: the line
 * on stdout, or {@code error: ...} on stderr with exit status 1. Ids and times are made here, at
 * the edge. Each command has {@code --request-timeout} for all of it: its Kafka clients wait that
 * long for a broker (so a leader election or a broker's fail-over is ridden out), and when no
 * answer came in time the engine's group is asked why, so the error says something true.
 */
final class CommandSender {

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the engine's answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--as", paramLabel = "USER", description = "Who is asking (default: $USER); recorded on every event as a claim,"
            + " `NAME (claimed, via Kafka)`: Kafka does not tell the engine who produced a command.")
    String actor;

    /** A client whose Kafka calls wait up to the command's own timeout, no fixed 10 s. */
    CommandClient client(KafkaOptions kafka) {
        try {
            return CommandClient.within(kafka.settings(Map.of()), kafka.topics(), "rollbook-cli", timeout());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IllegalArgumentException("cannot reach Kafka at " + kafka.bootstrapServers
                    + " within " + timeoutSeconds + "s (is `rollbook up` running?): " + e.getMessage());
        }
    }

    private Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    CommandEnvelope envelope(ObjectRef target, Clock clock, String cause, CommandPayload payload) {
        String who = actor != null ? actor : System.getProperty("user.name", "unknown");
        return CommandEnvelope.of(UUID.randomUUID().toString(), target, clock.instant(), who, cause, payload);
    }

    /** Sends and prints; returns the exit status. */
    int sendAndPrint(KafkaOptions kafka, CommandClient client, CommandEnvelope command, PrintWriter out,
                     PrintWriter err) {
        Instant deadline = Instant.now().plus(timeout());
        RecordMetadata written;
        try {
            written = client.sendOnly(command, deadline);
        } catch (IllegalStateException e) {
            err.println("error: " + e.getMessage() + " (Kafka at " + kafka.bootstrapServers + ", within "
                    + timeoutSeconds + "s; is `rollbook up` running?)");
            err.flush();
            return Main.FAILURE;
        }
        Outcome outcome;
        try {
            outcome = client.await(command.commandId(), Duration.between(Instant.now(), deadline));
        } catch (TimeoutException e) {
            String why = EngineGroup.whyNoAnswer(kafka.settings(Map.of()), kafka.topics(), written.partition(),
                    Duration.ofSeconds(5));
            err.println("error: no answer from the engine within " + timeoutSeconds + "s: " + why);
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
