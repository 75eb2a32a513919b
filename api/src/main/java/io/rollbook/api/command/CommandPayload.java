package io.rollbook.api.command;

/**
 * The {@code payload} of a command envelope. The envelope's {@code type} names the record; see
 * {@link Commands#TYPES} for the catalogue.
 */
public sealed interface CommandPayload permits Apply, Scale, SetImage, Pause, Resume, Undo, Restart, Delete,
        DeletePod, ReportPod, Tick, Promote, Abort {
}
