package io.rollbook.projections.history;

/** The command type behind a {@code DeploymentApplied} verb (the envelope itself names only the command id). */
public final class CommandTypes {

    private CommandTypes() {
    }

    /** Apply, Scale, SetImage, Pause, Resume, Undo or Restart; null for an unknown verb. */
    public static String ofVerb(String verb) {
        if (verb == null) {
            return null;
        }
        return switch (verb) {
            case "created", "configured" -> "Apply";
            case "scaled" -> "Scale";
            case "image-updated" -> "SetImage";
            case "paused" -> "Pause";
            case "resumed" -> "Resume";
            case "rolled-back" -> "Undo";
            case "restarted" -> "Restart";
            default -> null;
        };
    }
}
