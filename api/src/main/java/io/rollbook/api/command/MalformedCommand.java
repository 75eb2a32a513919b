package io.rollbook.api.command;

/**
 * A record on the command topic that is not a valid command: not JSON, an unknown type, a missing
 * or mistyped field. Goes to the dead-letter topic with {@link #getMessage()} as the reason.
 */
public class MalformedCommand extends RuntimeException {
    private final String commandId;

    public MalformedCommand(String reason, String commandId, Throwable cause) {
        super(reason, cause);
        this.commandId = commandId;
    }

    /** The commandId if it could be read, so the sender still gets a Rejected outcome; else null. */
    public String commandId() {
        return commandId;
    }
}
