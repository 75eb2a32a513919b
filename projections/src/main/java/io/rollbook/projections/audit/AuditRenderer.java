package io.rollbook.projections.audit;

import io.rollbook.api.event.Events;
import io.rollbook.projections.objects.Subjects;
import io.rollbook.projections.text.OutputFormat;
import io.rollbook.projections.text.Printed;
import io.rollbook.projections.text.TabWriter;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code audit}: a table TIME OBJECT EVENT ACTOR COMMAND CHANGE-CAUSE OUTCOME (oldest first; OUTCOME is
 * the revision outcomes the event gave, as {@code rollout history -o wide} shows them), or
 * {@code -o jsonl}, one envelope per line exactly as {@link Events#encode} writes it to Kafka, or
 * {@code -o json}, the same envelopes as a JSON array.
 */
public final class AuditRenderer {

    static final String NO_EVENTS = "No events found.";

    private AuditRenderer() {
    }

    public static Printed render(List<AuditEntry> entries, OutputFormat format) {
        return switch (format) {
            case JSONL -> Printed.out(jsonl(entries));
            case JSON -> Printed.out(json(entries));
            case TABLE, WIDE -> entries.isEmpty() ? Printed.note(NO_EVENTS) : Printed.out(table(entries));
            case YAML -> Printed.error("audit prints table, json or jsonl, not yaml");
        };
    }

    public static String table(List<AuditEntry> entries) {
        TabWriter table = TabWriter.forGet().row("TIME", "OBJECT", "EVENT", "ACTOR", "COMMAND", "CHANGE-CAUSE",
                "OUTCOME");
        for (AuditEntry a : entries) {
            var e = a.envelope();
            table.row(e.time() == null ? "<unknown>" : e.time().toString(), Subjects.display(a.subject()), e.type(),
                    orNone(e.actor()), orNone(e.commandId()), orNone(a.changeCause()),
                    orNone(a.outcome()));
        }
        return table.render();
    }

    /** One line per envelope, each ending with a newline; empty for no events. */
    public static String jsonl(List<AuditEntry> entries) {
        StringBuilder out = new StringBuilder();
        for (AuditEntry a : entries) {
            out.append(encode(a)).append('\n');
        }
        return out.toString();
    }

    /** A JSON array of the envelopes, one per line. */
    public static String json(List<AuditEntry> entries) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < entries.size(); i++) {
            out.append(i == 0 ? "\n" : ",\n").append(encode(entries.get(i)));
        }
        return out.append(entries.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    private static String encode(AuditEntry a) {
        return new String(Events.encode(a.envelope()), StandardCharsets.UTF_8);
    }

    private static String orNone(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }
}
