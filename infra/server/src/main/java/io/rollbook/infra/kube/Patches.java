package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The three patch types kubectl sends, applied to an object's JSON (inputs are never modified):
 * RFC 7386 merge patch, RFC 6902 JSON patch, and the strategic merge patch of the Deployment's types
 * (lists merged by their patch merge key, {@code null} deletes, {@code $setElementOrder/...} orders and
 * is not stored, {@code $patch: delete|replace}, {@code $retainKeys} accepted).
 */
final class Patches {

    /** Lists merged by key in the pod template and status types, by field name: the merge key. */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "ephemeralContainers", "name", "env", "name", "volumes", "name", "volumeMounts", "mountPath",
            "ports", "containerPort", "conditions", "type", "imagePullSecrets", "name", "ownerReferences", "uid");

    private static final String ORDER = "$setElementOrder/";

    /** The values of {@code $patch} that strategic merge knows. */
    private static final java.util.Set<String> DIRECTIVES = java.util.Set.of("replace", "merge", "delete");

    private Patches() {
    }

    /** RFC 7386. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
            }
        });
        return out;
    }

    /** Strategic merge patch (apps/v1 Deployment and ReplicaSet, v1 pod template). */
    static JsonNode strategic(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        JsonNode directive = patch.get("$patch");
        if (directive != null && !DIRECTIVES.contains(directive.asText())) {
            throw KubeStatus.badRequest("unknown patch type: " + directive.asText() + " in map: " + patch);
        }
        if ("replace".equals(patch.path("$patch").asText())) {
            ObjectNode replaced = ((ObjectNode) patch).deepCopy();
            replaced.remove("$patch");
            return strip(replaced);
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.startsWith("$")) {
                continue; // $setElementOrder/x and $retainKeys are handled with their field, or are hints
            }
            if (value.isNull()) {
                out.remove(key);
            } else if (value.isArray() && MERGE_KEYS.containsKey(key) && out.path(key).isArray()) {
                out.set(key, mergeList((ArrayNode) out.get(key), (ArrayNode) value, MERGE_KEYS.get(key),
                        patch.get(ORDER + key)));
            } else if (value.isObject()) {
                out.set(key, strategic(out.get(key), value));
            } else {
                out.set(key, strip(value.deepCopy()));
            }
        }
        return out;
    }

    private static ArrayNode mergeList(ArrayNode live, ArrayNode patch, String mergeKey, JsonNode order) {
        List<JsonNode> items = new ArrayList<>();
        live.forEach(n -> items.add(n.deepCopy()));
        for (JsonNode p : patch) {
            int at = indexOf(items, mergeKey, p.path(mergeKey));
            if ("delete".equals(p.path("$patch").asText())) {
                if (at >= 0) {
                    items.remove(at);
                }
            } else if (at >= 0) {
                items.set(at, strategic(items.get(at), p));
            } else {
                items.add(strategic(null, p));
            }
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (order != null && order.isArray()) {
            for (JsonNode o : order) {
                int at = indexOf(items, mergeKey, o.path(mergeKey));
                if (at >= 0) {
                    out.add(items.remove(at));
                }
            }
        }
        items.forEach(out::add);
        return out;
    }

    private static int indexOf(List<JsonNode> items, String mergeKey, JsonNode key) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).path(mergeKey).equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** Removes directives from a value that is stored as it is. */
    private static JsonNode strip(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> directives = new ArrayList<>();
            o.fieldNames().forEachRemaining(k -> {
                if (k.startsWith("$")) {
                    directives.add(k);
                }
            });
            o.remove(directives);
            o.forEach(Patches::strip);
        } else if (node.isArray()) {
            node.forEach(Patches::strip);
        }
        return node;
    }

    /** RFC 6902: add, remove, replace, move, copy, test. */
    static JsonNode json(JsonNode target, JsonNode patch) {
        if (!patch.isArray()) {
            throw KubeStatus.badRequest("json patch must be an array of operations");
        }
        JsonNode doc = target.deepCopy();
        for (JsonNode op : patch) {
            String path = op.path("path").asText();
            doc = switch (op.path("op").asText()) {
                case "add" -> JsonPointer.add(doc, path, op.get("value").deepCopy(), true);
                case "replace" -> JsonPointer.add(JsonPointer.remove(doc, path), path, op.get("value").deepCopy(),
                        false);
                case "remove" -> JsonPointer.remove(doc, path);
                case "move" -> {
                    JsonNode value = JsonPointer.get(doc, op.path("from").asText());
                    yield JsonPointer.add(JsonPointer.remove(doc, op.path("from").asText()), path, value, true);
                }
                case "copy" -> JsonPointer.add(doc, path, JsonPointer.get(doc, op.path("from").asText()).deepCopy(),
                        true);
                case "test" -> {
                    if (!JsonPointer.get(doc, path).equals(op.get("value"))) {
                        throw KubeStatus.invalid(Resource.DEPLOYMENTS, "", "testing value " + path + " failed");
                    }
                    yield doc;
                }
                default -> throw KubeStatus.badRequest("unknown json patch operation " + op.path("op").asText());
            };
        }
        return doc;
    }
}
