package io.rollbook.projections.history;

import java.util.List;
import java.util.Map;

/**
 * kubectl's describe {@code PrefixWriter} writing into a plain buffer, as {@code rollout history
 * --revision} does: each level indents two spaces, and tabs are written as they are (kubectl does
 * not align that output). Also the small readers of the JSON-like maps that hold untyped fields.
 */
final class DescribeWriter {

    private final StringBuilder out = new StringBuilder();

    /** {@code Write(level, text)}: the level's indent, then the text. */
    DescribeWriter write(int level, String text) {
        out.append("  ".repeat(level)).append(text);
        return this;
    }

    /** {@code WriteLine(text)}: the text and a newline, no indent. */
    DescribeWriter line(String text) {
        out.append(text).append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** A scalar as Go's %v prints it; {@code fallback} when absent. */
    static String str(Object value, String fallback) {
        return value == null ? fallback : String.valueOf(value);
    }

    static long number(Object value, long fallback) {
        return value instanceof Number n ? n.longValue() : fallback;
    }

    static boolean bool(Object value) {
        return Boolean.TRUE.equals(value);
    }

    /** Go's %q for ordinary strings. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
