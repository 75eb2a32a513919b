package io.rollbook.api.command;

import io.rollbook.api.value.ObjectRef;

import java.time.Instant;
import java.util.Objects;

/**
 * A command on {@code rollbook.commands} (docs/contract.md, "Commands").
 *
 * @param commandId   chosen by the sender; a repeated id is not applied again
 * @param type        the payload's type name, e.g. {@code Scale}
 * @param target      the object acted on
 * @param issuedAt    when it was issued; the engine's "now" for it (defaults to the record's timestamp)
 * @param issuedBy    the actor, recorded on every event
 * @param changeCause the {@code kubernetes.io/change-cause} to record, or null
 * @param payload     the typed payload
 */
public record CommandEnvelope(String commandId, String type, ObjectRef target, Instant issuedAt, String issuedBy,
                              String changeCause, CommandPayload payload) {

    public CommandEnvelope {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(payload, "payload");
        type = Commands.typeOf(payload);
    }

    public static CommandEnvelope of(String commandId, ObjectRef target, Instant issuedAt, String issuedBy,
                                     String changeCause, CommandPayload payload) {
        return new CommandEnvelope(commandId, Commands.typeOf(payload), target, issuedAt, issuedBy, changeCause,
                payload);
    }

    public CommandEnvelope withIssuedAt(Instant value) {
        return new CommandEnvelope(commandId, type, target, value, issuedBy, changeCause, payload);
    }
}
