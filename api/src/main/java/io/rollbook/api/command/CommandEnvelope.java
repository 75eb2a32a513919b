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
 * @param payload      the typed payload
 * @param fieldManager the field manager the write is recorded for in {@code metadata.managedFields} (the
 *                     API server's {@code fieldManager}); optional: absent is {@link #DEFAULT_FIELD_MANAGER}
 */
@JsonPropertyOrder({"commandId", "type", "target", "issuedAt", "issuedBy", "changeCause", "fieldManager", "payload"})
public record CommandEnvelope(String commandId, ObjectRef target, Instant issuedAt, String issuedBy,
                              String changeCause, CommandPayload payload, String fieldManager) {

    /** The field manager of a command that names none: Rollbook's CLI, JSON API and any Kafka producer. */
    public static final String DEFAULT_FIELD_MANAGER = "rollbook";

    public CommandEnvelope {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(payload, "payload");
        fieldManager = fieldManager == null || fieldManager.isEmpty() ? null : fieldManager;
    }

    /** Without a field manager (recorded as {@link #DEFAULT_FIELD_MANAGER}). */
    public CommandEnvelope(String commandId, ObjectRef target, Instant issuedAt, String issuedBy, String changeCause,
                           CommandPayload payload) {
        this(commandId, target, issuedAt, issuedBy, changeCause, payload, null);
    }

    /** The field manager this command writes as. */
    public String fieldManagerOrDefault() {
        return fieldManager == null ? DEFAULT_FIELD_MANAGER : fieldManager;
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
        return new CommandEnvelope(commandId, target, issuedAt, value, changeCause, payload, fieldManager);
    }

    public CommandEnvelope withIssuedAt(Instant value) {
        return new CommandEnvelope(commandId, target, value, issuedBy, changeCause, payload, fieldManager);
    }

    public CommandEnvelope withFieldManager(String value) {
        return new CommandEnvelope(commandId, target, issuedAt, issuedBy, changeCause, payload, value);
    }
}
