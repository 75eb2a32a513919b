package io.rollbook.api.event;

/** A command was refused; recorded so the audit trail shows what was asked and why it was not done. */
public record CommandRejected(String commandId, String reason) implements RollbookEvent {
}
