package io.rollbook.api.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.rollbook.api.value.ObjectRef;

import java.time.Instant;
import java.util.Objects;

/**
 * A command on {@code rollbook.commands} (docs/contract.md, "Commands").
 *
 * @param commandId   chosen by the sender; a repeated id is not applied again
 * @param target      the object acted on
 * @param issuedAt    when it was issued; the engine's "now" for it (defaults to the record's timestamp)
 * @param issuedBy    the actor, recorded on every event
 * @param changeCause the {@code kubernetes.io/change-cause} to record, or null
 * @param payload     the typed payload
 */
@JsonPropertyOrder({"commandId", "type", "target", "issuedAt", "issuedBy", "changeCause", "payload"})
public record CommandEnvelope(String commandId, ObjectRef target, Instant issuedAt, String issuedBy,
                              String changeCause, CommandPayload payload) {

    public CommandEnvelope {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(payload, "payload");
    }

    public static CommandEnvelope of(String commandId, ObjectRef target, Instant issuedAt, String issuedBy,
                                     String changeCause, CommandPayload payload) {
        return new CommandEnvelope(commandId, target, issuedAt, issuedBy, changeCause, payload);
    }

    /** The payload's type name, e.g. {@code Scale}: written as {@code type}, which says how to read {@code payload}. */
    @JsonProperty("type")
    public String type() {
        return Commands.typeOf(payload);
    }

    public CommandEnvelope withIssuedBy(String value) {
        return new CommandEnvelope(commandId, target, issuedAt, value, changeCause, payload);
    }

    public CommandEnvelope withIssuedAt(Instant value) {
        return new CommandEnvelope(commandId, target, value, issuedBy, changeCause, payload);
    }
}
