package io.rollbook.api.fields;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A path to one field of an object, as structured-merge-diff names it: a list of elements, each in
 * the API server's {@code FieldsV1} spelling: {@code f:replicas} (a field), {@code k:{"name":"nginx"}}
 * (the item of an associative list with those key values, keys in name order), {@code v:"x"} (a
 * value of a set of scalars). {@link #toString()} is the path as a conflict names it:
 * {@code .spec.template.spec.containers[name="nginx"].image}.
 */
public record FieldPath(List<String> elements) implements Comparable<FieldPath> {

    public FieldPath {
        elements = List.copyOf(elements);
        for (String e : elements) {
            if (!(e.startsWith("f:") || e.startsWith("k:") || e.startsWith("v:"))) {
                throw new IllegalArgumentException("a path element is f:, k: or v:, not " + e);
            }
        }
    }

    public static FieldPath of(String... elements) {
        return new FieldPath(List.of(elements));
    }

    public FieldPath child(String element) {
        List<String> next = new ArrayList<>(elements);
        next.add(element);
        return new FieldPath(next);
    }

    /** The element for field {@code name}. */
    public static String field(String name) {
        return "f:" + name;
    }

    /** The element for the associative-list item with these key values (written in key order). */
    public static String key(Map<String, JsonNode> keys) {
        return "k:" + Codec.toJson(new java.util.TreeMap<>(keys));
    }

    /** The element for {@code value} of a set of scalars. */
    public static String value(JsonNode value) {
        return "v:" + Codec.toJson(value);
    }

    public boolean startsWith(FieldPath prefix) {
        return elements.size() >= prefix.elements.size()
                && elements.subList(0, prefix.elements.size()).equals(prefix.elements);
    }

    /** {@code .spec.replicas}, {@code [name="nginx"]}, {@code [=value]}: structured-merge-diff's Path.String. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (String e : elements) {
            String rest = e.substring(2);
            switch (e.charAt(0)) {
                case 'f' -> b.append('.').append(rest);
                case 'v' -> b.append("[=").append(rest).append(']');
                default -> {
                    b.append('[');
                    Iterator<Map.Entry<String, JsonNode>> it = read(rest).fields();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> k = it.next();
                        b.append(k.getKey()).append('=').append(Codec.toJson(k.getValue()));
                        if (it.hasNext()) {
                            b.append(',');
                        }
                    }
                    b.append(']');
                }
            }
        }
        return b.toString();
    }

    private static JsonNode read(String json) {
        try {
            return Codec.json().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a key of an associative list: " + json, e);
        }
    }

    @Override
    public int compareTo(FieldPath o) {
        for (int i = 0; i < Math.min(elements.size(), o.elements.size()); i++) {
            int c = elements.get(i).compareTo(o.elements.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(elements.size(), o.elements.size());
    }
}
