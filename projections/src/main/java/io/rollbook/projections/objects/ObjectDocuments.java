package io.rollbook.projections.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.projections.text.OutputFormat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -o json} and {@code -o yaml}: one object for {@code get TYPE NAME}, a {@code v1 List}
 * otherwise, written with the api module's {@link Codec} so that the output reads back with
 * {@code Manifests.parse} (and as {@code plan} input). As kubectl (since v1.21, unless
 * {@code --show-managed-fields}), without {@code metadata.managedFields}.
 */
public final class ObjectDocuments {

    private ObjectDocuments() {
    }

    /** A {@code v1 List}: apiVersion, kind, items, and kubectl's empty {@code metadata.resourceVersion}. */
    public static Map<String, Object> list(List<?> items) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        list.put("items", List.copyOf(items));
        list.put("metadata", Map.of("resourceVersion", ""));
        return list;
    }

    /** One object as JSON (pretty, ending with a newline) or YAML. */
    public static String render(Object value, OutputFormat format) {
        JsonNode tree = withoutManagedFields(Codec.toTree(value));
        return switch (format) {
            case JSON -> Codec.toPrettyJson(tree) + "\n";
            case YAML -> Codec.toYaml(tree);
            default -> throw new IllegalArgumentException("not a document format: " + format);
        };
    }

    private static JsonNode withoutManagedFields(JsonNode tree) {
        if (tree.path("metadata").isObject()) {
            ((ObjectNode) tree.get("metadata")).remove("managedFields");
        }
        tree.path("items").forEach(ObjectDocuments::withoutManagedFields);
        return tree;
    }

    /** Several objects as a {@code v1 List}. */
    public static String renderList(List<?> items, OutputFormat format) {
        return render(list(items), format);
    }
}
