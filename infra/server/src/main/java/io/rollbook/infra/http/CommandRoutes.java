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

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /rollbook/v1/commands} (docs/contract.md, "HTTP"): a command envelope in, its outcome
 * out. Refused (403) unless {@code up} was started with a command token or a token file, and then
 * only for authenticated requests ({@code Authorization: Bearer TOKEN}, 401 otherwise; what they may
 * do the edge's authorizer decided). The command's {@code issuedBy} is the authenticated user; a
 * different name the client put there is kept beside it as claimed: {@code alice (claimed ops-bot)}.
 */
public final class CommandRoutes implements AutoCloseable {

    static final Duration OUTCOME_WAIT = Duration.ofSeconds(30);

    private final boolean enabled;
    private final KafkaSettings kafka;
    private final Topics topics;
    private final Clock clock;
    private CommandClient client; // guarded by this: CommandClient is not thread-safe

    /** @param enabled whether commands are taken (a command token, a token file or a client CA is configured) */
    public CommandRoutes(boolean enabled, KafkaSettings kafka, Topics topics, Clock clock) {
        this.enabled = enabled;
        this.kafka = kafka;
        this.topics = topics;
        this.clock = clock;
    }

    public CommandRoutes register(HttpApi http) {
        http.route("POST", "/rollbook/v1/commands", this::post);
        return this;
    }

    private Response post(Request r) {
        if (!enabled) {
            throw new HttpError(403, "the command endpoint is disabled: start `rollbook up` with ROLLBOOK_API_TOKEN "
                    + "set (or --token-auth-file) to accept commands over HTTP");
        }
        if (r.user().isAnonymous()) {
            throw new HttpError(401, "a valid `Authorization: Bearer TOKEN` header is required");
        }
        CommandEnvelope command;
        try {
            command = Commands.decode(r.body(), clock.instant());
        } catch (MalformedCommand e) {
            throw new HttpError(400, e.getMessage());
        }
        String actor = actor(r.user().actor(), command.issuedBy());
        command = new CommandEnvelope(command.commandId(), command.target(), command.issuedAt(),
                actor, command.changeCause(), command.payload());
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

    /** The authenticated user, with a different name the client claimed kept beside it. */
    static String actor(String authenticated, String claimed) {
        return claimed == null || claimed.isBlank() || claimed.equals(authenticated) ? authenticated
                : authenticated + " (claimed " + claimed + ")";
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
