package io.rollbook.api.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A document that is not YAML (or JSON), said as kubectl says it: kubectl reads every manifest
 * through Go's YAML reader and prints {@code error converting YAML to JSON: yaml: line 3: mapping
 * values are not allowed in this context}. Our reader is SnakeYAML (through Jackson); its problems
 * are named here by the Go reader's words for the same mistake, with the line it was found on.
 */
final class YamlErrors {

    private YamlErrors() {
    }

    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException limit) {
                return "error converting YAML to JSON: yaml: " + (limit.getMessage().contains("nesting depth")
                        ? "the document nests deeper than " + Codec.MAX_NESTING_DEPTH + " levels"
                        : "the document is larger than " + Codec.MAX_DOCUMENT_CHARS + " characters");
            }
            if (t instanceof MarkedYAMLException y) {
                Mark mark = y.getProblemMark() != null ? y.getProblemMark() : y.getContextMark();
                return "error converting YAML to JSON: yaml: " + (mark == null ? "" : "line " + (mark.getLine() + 1) + ": ")
                        + goWords(y.getContext(), y.getProblem());
            }
        }
        if (e instanceof JsonProcessingException j && j.getLocation() != null && j.getLocation().getLineNr() > 0) {
            // JSON that does not parse: Go's YAML reader (which reads JSON too) stops where a value should be
            return "error converting YAML to JSON: yaml: line " + j.getLocation().getLineNr()
                    + ": did not find expected node content";
        }
        return "error converting YAML to JSON: yaml: did not find expected node content";
    }

    /** Go's yaml reader's words for SnakeYAML's problem. */
    static String goWords(String context, String problem) {
        String p = problem == null ? "" : problem;
        String c = context == null ? "" : context;
        if (p.contains("that cannot start any token")) {
            return "found character that cannot start any token";
        }
        if (p.startsWith("mapping values are not allowed")) {
            return "mapping values are not allowed in this context";
        }
        if (c.contains("flow sequence")) {
            return "did not find expected ',' or ']'";
        }
        if (c.contains("flow mapping")) {
            return "did not find expected ',' or '}'";
        }
        if (c.contains("block collection") || c.contains("block sequence")) {
            return "did not find expected '-' indicator";
        }
        if (c.contains("block mapping")) {
            return "did not find expected key";
        }
        if (c.contains("simple key")) {
            return "could not find expected ':'";
        }
        if (p.startsWith("found undefined alias")) {
            return "unknown anchor '" + p.substring("found undefined alias".length()).trim() + "' referenced";
        }
        if (p.contains("found unexpected end of stream")) {
            return "found unexpected end of stream";
        }
        return p.isEmpty() ? "did not find expected node content" : p;
    }
}
