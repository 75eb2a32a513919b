package io.rollbook.infra.http;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.MalformedCommand;
import io.rollbook.api.command.Outcome;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.http.HttpApi.HttpError;
import io.rollbook.infra.http.HttpApi.Request;
import io.rollbook.infra.http.HttpApi.Response;
import io.rollbook.infra.kafka.CommandClient;
import io.rollbook.infra.kafka.KafkaSettings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /rollbook/v1/commands} (docs/contract.md, "HTTP"): a command envelope in, its outcome
 * out. Refused (403) unless {@code up} was started with a token, and then only for requests that
 * carry it as {@code Authorization: Bearer TOKEN} (401 otherwise).
 */
public final class CommandRoutes implements AutoCloseable {

    static final Duration OUTCOME_WAIT = Duration.ofSeconds(30);

    private final String token;
    private final KafkaSettings kafka;
    private final Topics topics;
    private final Clock clock;
    private CommandClient client; // guarded by this: CommandClient is not thread-safe

    /** @param token the bearer token requests must carry; null disables the endpoint */
    public CommandRoutes(String token, KafkaSettings kafka, Topics topics, Clock clock) {
        this.token = token == null || token.isBlank() ? null : token;
        this.kafka = kafka;
        this.topics = topics;
        this.clock = clock;
    }

    public CommandRoutes register(HttpApi http) {
        http.route("POST", "/rollbook/v1/commands", this::post);
        return this;
    }

    private Response post(Request r) {
        if (token == null) {
            throw new HttpError(403, "the command endpoint is disabled: start `rollbook up` with ROLLBOOK_API_TOKEN "
                    + "set to accept commands over HTTP");
        }
        if (!authorized(r.header("Authorization"))) {
            throw new HttpError(401, "a valid `Authorization: Bearer TOKEN` header is required");
        }
        CommandEnvelope command;
        try {
            command = Commands.decode(r.body(), clock.instant());
        } catch (MalformedCommand e) {
            throw new HttpError(400, e.getMessage());
        }
        if (command.issuedBy() == null) {
            command = new CommandEnvelope(command.commandId(), command.target(), command.issuedAt(),
                    "api", command.changeCause(), command.payload());
        }
        return Response.json(200, send(command));
    }

    private synchronized Outcome send(CommandEnvelope command) {
        if (client == null) {
            client = new CommandClient(kafka, topics, "rollbook-http-commands");
        }
        try {
            return client.send(command, OUTCOME_WAIT);
        } catch (TimeoutException e) {
            throw new HttpError(504, e.getMessage());
        }
    }

    private boolean authorized(String header) {
        String prefix = "Bearer ";
        if (header == null || !header.startsWith(prefix)) {
            return false;
        }
        byte[] given = header.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8)); // constant time
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
