package io.rollbook.api.command;

/** A clock tick: lets an aggregate that waits on time (minReadySeconds, progress deadline) look again at the command's issuedAt. */
public record Tick() implements CommandPayload {
}
