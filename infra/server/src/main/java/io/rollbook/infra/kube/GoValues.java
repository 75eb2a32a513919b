package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoded JSON value as Go's {@code fmt} prints it with {@code %v}: the form in which the API
 * server's patch errors quote a patch ({@code map[spec:map[$foo:1 replicas:5]]}: map keys sorted,
 * elements apart by spaces, strings bare, null {@code <nil>}).
 */
final class GoValues {

    private GoValues() {
    }

    static String of(JsonNode node) {
        StringBuilder out = new StringBuilder();
        append(node, out);
        return out.toString();
    }

    private static void append(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("<nil>");
        } else if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            out.append("map[");
            for (int i = 0; i < keys.size(); i++) {
                out.append(i == 0 ? "" : " ").append(keys.get(i)).append(':');
                append(node.get(keys.get(i)), out);
            }
            out.append(']');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : " ");
                append(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(node.asText());
        }
    }
}
