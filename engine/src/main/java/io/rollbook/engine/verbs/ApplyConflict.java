package io.rollbook.engine.verbs;

import io.rollbook.api.command.Outcome;
import io.rollbook.api.fields.FieldPath;
import io.rollbook.api.manifest.ManagedFieldsEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A server-side apply refused because other managers own fields it would change, in the API
 * server's words: {@code Apply failed with 1 conflict: conflict with "kubectl-client-side-apply"
 * using apps/v1: .spec.replicas}; with several, {@code Apply failed with 2 conflicts: conflicts
 * with "a":} and one {@code - <path>} line per field, managers in name order. The HTTP edge turns
 * each line into a {@code FieldManagerConflict} cause.
 */
public final class ApplyConflict extends Rejection {

    /** One field another manager owns. */
    public record Conflict(ManagedFieldsEntry owner, FieldPath path) {
    }

    private final List<Conflict> conflicts;

    ApplyConflict(List<Conflict> conflicts) {
        super(Outcome.Reason.Conflict, message(conflicts));
        this.conflicts = List.copyOf(conflicts);
    }

    public List<Conflict> conflicts() {
        return conflicts;
    }

    static String message(List<Conflict> conflicts) {
        if (conflicts.size() == 1) {
            Conflict c = conflicts.get(0);
            return "Apply failed with 1 conflict: conflict with " + c.owner().describe() + ": " + c.path();
        }
        Map<String, List<String>> byManager = new TreeMap<>();
        for (Conflict c : conflicts) {
            byManager.computeIfAbsent(c.owner().describe(), k -> new ArrayList<>()).add("- " + c.path());
        }
        List<String> lines = new ArrayList<>();
        byManager.forEach((manager, paths) -> {
            lines.add("conflicts with " + manager + ":");
            lines.addAll(paths);
        });
        return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
    }
}
