package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 6901 pointers for {@link Patches#json}: get, add (insert into arrays, "-" appends) and remove. */
final class JsonPointer {

    /** An operation that does not apply to the document (json-patch's error; the API server keeps it to itself). */
    static final class NotApplied extends RuntimeException {
        NotApplied(String why) {
            super(why, null, false, false);
        }
    }

    private JsonPointer() {
    }

    static JsonNode get(JsonNode doc, String pointer) {
        JsonNode n = doc;
        for (String token : tokens(pointer)) {
            n = n.isArray() ? n.path(index(token, n.size() - 1)) : n.path(token);
            if (n.isMissingNode()) {
                throw new NotApplied("doc is missing path: " + pointer);
            }
        }
        return n;
    }

    /** Sets {@code value} at {@code pointer}; {@code insert} shifts array elements (add) rather than requiring one. */
    static JsonNode add(JsonNode doc, String pointer, JsonNode value, boolean insert) {
        String[] tokens = tokens(pointer);
        if (tokens.length == 0) {
            return value;
        }
        JsonNode parent = parent(doc, pointer, tokens);
        String last = tokens[tokens.length - 1];
        if (parent instanceof ArrayNode array) {
            if (last.equals("-")) {
                array.add(value);
            } else {
                array.insert(index(last, array.size()), value);
            }
        } else if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else {
            throw new NotApplied("jsonpatch: cannot add at " + pointer);
        }
        return doc;
    }

    static JsonNode remove(JsonNode doc, String pointer) {
        String[] tokens = tokens(pointer);
        if (tokens.length == 0) {
            throw new NotApplied("cannot remove the whole document");
        }
        JsonNode parent = parent(doc, pointer, tokens);
        String last = tokens[tokens.length - 1];
        if (parent instanceof ArrayNode array) {
            array.remove(index(last, array.size() - 1));
        } else if (parent instanceof ObjectNode object && object.has(last)) {
            object.remove(last);
        } else {
            throw new NotApplied("doc is missing path: " + pointer);
        }
        return doc;
    }

    private static JsonNode parent(JsonNode doc, String pointer, String[] tokens) {
        JsonNode n = doc;
        for (int i = 0; i < tokens.length - 1; i++) {
            n = n.isArray() ? n.path(index(tokens[i], n.size() - 1)) : n.path(tokens[i]);
            if (n.isMissingNode()) {
                throw new NotApplied("doc is missing path: " + pointer);
            }
        }
        return n;
    }

    private static int index(String token, int max) {
        try {
            int i = Integer.parseInt(token);
            if (i < 0 || i > max) {
                throw new NotApplied("jsonpatch: index " + token + " out of range");
            }
            return i;
        } catch (NumberFormatException e) {
            throw new NotApplied("jsonpatch: not an array index: " + token);
        }
    }

    private static String[] tokens(String pointer) {
        if (pointer.isEmpty()) {
            return new String[0];
        }
        if (!pointer.startsWith("/")) {
            throw new NotApplied("not a JSON pointer: " + pointer);
        }
        String[] parts = pointer.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].replace("~1", "/").replace("~0", "~");
        }
        return parts;
    }
}
