package io.rollbook.projections.text;

import java.util.Locale;

/** The {@code -o} flag: the default table, {@code wide}, {@code json}, {@code yaml} or {@code jsonl} (audit). */
public enum OutputFormat {
    TABLE, WIDE, JSON, YAML, JSONL;

    /**
     * Reads an {@code -o} value; null or empty is the default table.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones, as kubectl does
     */
    public static OutputFormat parse(String value) {
        if (value == null || value.isEmpty()) {
            return TABLE;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "wide" -> WIDE;
            case "json" -> JSON;
            case "yaml" -> YAML;
            case "jsonl" -> JSONL;
            default -> throw new IllegalArgumentException("unable to match a printer suitable for the output format \""
                    + value + "\", allowed formats are: json,jsonl,wide,yaml");
        };
    }

    /** Whether the output is a document (JSON or YAML) rather than text for people. */
    public boolean isDocument() {
        return this == JSON || this == YAML;
    }
}
