package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The three patch types kubectl sends, applied to an object's JSON (inputs are never modified):
 * RFC 7386 merge patch, RFC 6902 JSON patch, and the strategic merge patch of the Deployment's types
 * (strategicpatch's mergeMap: lists merged by their patch merge key, {@code null} deletes, and the
 * directives {@code $patch: replace|delete}, {@code $retainKeys}, {@code $setElementOrder/FIELD},
 * {@code $deleteFromPrimitiveList/FIELD}). Any other {@code $}-key is not a directive: as on the API
 * server it stays in the result as a field, where {@link #unknownFields} finds it for field validation.
 */
final class Patches {

    /** Lists merged by key in the pod template and status types, by field name: the merge key. */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "ephemeralContainers", "name", "env", "name", "volumes", "name", "volumeMounts", "mountPath",
            "ports", "containerPort", "conditions", "type", "imagePullSecrets", "name", "ownerReferences", "uid");

    /** Lists of strings with the merge strategy: a patch adds to them (metadata.finalizers). */
    private static final Set<String> MERGED_PRIMITIVE_LISTS = Set.of("finalizers");

    /** Fields of the Deployment's types that are maps of strings: a {@code $}-key in them is a key, not a field. */
    private static final Set<String> STRING_MAPS = Set.of("labels", "annotations", "matchLabels", "nodeSelector",
            "limits", "requests");

    private static final String PATCH = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String ORDER = "$setElementOrder/";
    private static final String DELETE_FROM = "$deleteFromPrimitiveList/";

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
        ObjectNode original = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        return mergeMap(original, ((ObjectNode) patch).deepCopy());
    }

    /**
     * patch.go mergeMap: {@code $patch: replace} takes the patch map as it is, {@code $patch: delete}
     * leaves an empty map, any other {@code $patch} is refused; then each field of the patch merges
     * into {@code original} (which is modified and returned).
     */
    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch) {
        JsonNode directive = patch.get(PATCH);
        if (directive != null) {
            switch (directive.asText()) {
                case "replace" -> {
                    patch.remove(PATCH);
                    return (ObjectNode) removeDirectives(patch);
                }
                case "delete" -> {
                    return JsonNodeFactory.instance.objectNode();
                }
                default -> throw badPatchType(directive, patch);
            }
        }
        retainKeys(original, patch);
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.startsWith(ORDER)) {
                if (!value.isArray()) {
                    throw KubeStatus.badRequest("invalid patch format of setElementOrder list");
                }
                continue; // applied with the list it orders
            }
            if (key.startsWith(DELETE_FROM)) {
                deleteFromPrimitiveList(original, key.substring(DELETE_FROM.length()), value);
                continue;
            }
            JsonNode live = original.get(key);
            if (value.isNull()) {
                original.remove(key);
            } else if (live != null && live.isObject() && value.isObject()) {
                original.set(key, mergeMap((ObjectNode) live, (ObjectNode) value));
            } else if (live != null && live.isArray() && value.isArray()) {
                original.set(key, mergeList(key, (ArrayNode) live, (ArrayNode) value, patch.get(ORDER + key)));
            } else {
                JsonNode taken = removeDirectives(value);
                if (taken == null) {
                    original.remove(key); // the value itself was a directive
                } else {
                    original.set(key, taken);
                }
            }
        }
        return original;
    }

    /**
     * patch.go applyRetainKeysDirective (the API server merges "parallel lists"): the fields of
     * {@code original} not named in {@code $retainKeys} are cleared, and every field the patch sets
     * must be among them.
     */
    private static void retainKeys(ObjectNode original, ObjectNode patch) {
        JsonNode retain = patch.remove(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw KubeStatus.badRequest("invalid patch format of retainKeys");
        }
        Set<String> kept = new HashSet<>();
        retain.forEach(k -> kept.add(k.asText()));
        patch.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull() && !e.getKey().startsWith(ORDER) && !e.getKey().startsWith(DELETE_FROM)
                    && !kept.contains(e.getKey())) {
                throw KubeStatus.badRequest("invalid patch format of retainKeys");
            }
        });
        List<String> cleared = new ArrayList<>();
        original.fieldNames().forEachRemaining(k -> {
            if (!kept.contains(k)) {
                cleared.add(k);
            }
        });
        original.remove(cleared);
    }

    /** patch.go deleteFromSlice: {@code $deleteFromPrimitiveList/FIELD} removes those values from a list of primitives. */
    private static void deleteFromPrimitiveList(ObjectNode original, String field, JsonNode values) {
        if (!values.isArray()) {
            throw KubeStatus.badRequest("invalid patch format of primitive list");
        }
        JsonNode live = original.get(field);
        if (live == null || !live.isArray()) {
            return;
        }
        Set<JsonNode> gone = new HashSet<>();
        values.forEach(gone::add);
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        live.forEach(v -> {
            if (!gone.contains(v)) {
                kept.add(v);
            }
        });
        original.set(field, kept);
    }

    /**
     * patch.go mergeSlice: a list with a merge key merges element by element (an element with
     * {@code $patch: delete} removes its match, one {@code {"$patch": "replace"}} makes the rest of the
     * patch the whole list), a merged list of strings adds what it lacks; any other list is replaced.
     */
    private static ArrayNode mergeList(String field, ArrayNode live, ArrayNode patch, JsonNode order) {
        String mergeKey = MERGE_KEYS.get(field);
        if (mergeKey != null && allObjects(patch)) {
            return mergeByKey(live, patch, mergeKey, order);
        }
        if (MERGED_PRIMITIVE_LISTS.contains(field)) {
            ArrayNode out = live.deepCopy();
            patch.forEach(v -> {
                if (!contains(out, v)) {
                    out.add(v);
                }
            });
            return out;
        }
        JsonNode replaced = removeDirectives(patch);
        return replaced == null ? JsonNodeFactory.instance.arrayNode() : (ArrayNode) replaced;
    }

    private static ArrayNode mergeByKey(ArrayNode live, ArrayNode patch, String mergeKey, JsonNode order) {
        List<JsonNode> items = new ArrayList<>();
        live.forEach(n -> items.add(n.deepCopy()));
        List<ObjectNode> merged = new ArrayList<>();
        boolean replace = false;
        for (JsonNode p : patch) {
            ObjectNode element = (ObjectNode) p;
            JsonNode directive = element.get(PATCH);
            if (directive == null) {
                merged.add(element);
                continue;
            }
            switch (directive.asText()) {
                case "delete" -> {
                    if (!element.has(mergeKey)) {
                        throw noMergeKey(element, mergeKey);
                    }
                    items.removeIf(i -> i.path(mergeKey).equals(element.get(mergeKey)));
                }
                case "replace" -> replace = true;
                case "merge" -> throw KubeStatus.badRequest("merging lists cannot yet be specified in the patch");
                default -> throw badPatchType(directive, element);
            }
        }
        if (replace) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            merged.forEach(m -> out.add(removeDirectives(m)));
            return out;
        }
        for (ObjectNode p : merged) {
            if (!p.has(mergeKey)) {
                throw noMergeKey(p, mergeKey);
            }
            int at = indexOf(items, mergeKey, p.get(mergeKey));
            if (at >= 0) {
                items.set(at, mergeMap((ObjectNode) items.get(at), p));
            } else {
                JsonNode added = removeDirectives(p);
                if (added != null) {
                    items.add(added);
                }
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

    private static boolean allObjects(ArrayNode list) {
        for (JsonNode n : list) {
            if (!n.isObject()) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(ArrayNode list, JsonNode value) {
        for (JsonNode n : list) {
            if (n.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(List<JsonNode> items, String mergeKey, JsonNode key) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).path(mergeKey).equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * patch.go removeDirectives, for a value taken as it is: a map with {@code $patch} is dropped
     * ({@code null}), and so is a list element that is one; the other directives go. A {@code $}-key
     * that is no directive stays.
     */
    private static JsonNode removeDirectives(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            if (o.has(PATCH)) {
                return null;
            }
            List<String> dropped = new ArrayList<>();
            Map<String, JsonNode> kept = new java.util.LinkedHashMap<>();
            o.fields().forEachRemaining(e -> {
                String k = e.getKey();
                JsonNode value = k.equals(RETAIN_KEYS) || k.startsWith(ORDER) || k.startsWith(DELETE_FROM) ? null
                        : removeDirectives(e.getValue());
                if (value == null) {
                    dropped.add(k);
                } else {
                    kept.put(k, value);
                }
            });
            o.remove(dropped);
            kept.forEach(o::set);
            return o;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> {
                JsonNode kept = removeDirectives(n);
                if (kept != null) {
                    out.add(kept);
                }
            });
            return out;
        }
        return node;
    }

    /**
     * The {@code $}-keys left in a patched object where a field would be (not keys of labels,
     * annotations and the other maps of strings): the fields the API server's field validation
     * reports as {@code unknown field "spec.$foo"}, in the paths it names them by
     * ({@code spec.template.spec.containers[0].$foo}).
     */
    static List<String> unknownFields(JsonNode object) {
        List<String> found = new ArrayList<>();
        unknownFields(object, "", found);
        return found;
    }

    private static void unknownFields(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (e.getKey().startsWith("$")) {
                    found.add(at);
                } else if (!STRING_MAPS.contains(e.getKey())) {
                    unknownFields(e.getValue(), at, found);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unknownFields(node.get(i), path + "[" + i + "]", found);
            }
        }
    }

    /** {@code object} without the fields {@link #unknownFields} names: what the API server keeps of it. */
    static JsonNode withoutUnknownFields(JsonNode object) {
        JsonNode copy = object.deepCopy();
        dropUnknown(copy);
        return copy;
    }

    private static void dropUnknown(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> unknown = new ArrayList<>();
            o.fields().forEachRemaining(e -> {
                if (e.getKey().startsWith("$")) {
                    unknown.add(e.getKey());
                } else if (!STRING_MAPS.contains(e.getKey())) {
                    dropUnknown(e.getValue());
                }
            });
            o.remove(unknown);
        } else if (node.isArray()) {
            node.forEach(Patches::dropUnknown);
        }
    }

    /** mergepatch.ErrBadPatchType, in its words. */
    private static KubeStatus badPatchType(JsonNode directive, JsonNode map) {
        return KubeStatus.badRequest("unknown patch type: " + directive.asText() + " in map: " + GoValues.of(map));
    }

    /** mergepatch.ErrNoMergeKey, in its words. */
    private static KubeStatus noMergeKey(JsonNode map, String mergeKey) {
        return KubeStatus.badRequest("map: " + GoValues.of(map) + " does not contain declared merge key: " + mergeKey);
    }

    /** The API server's limit on the operations of one JSON patch (its maxJSONPatchOperations). */
    static final int MAX_JSON_PATCH_OPERATIONS = 10_000;

    /**
     * RFC 6902: add, remove, replace, move, copy, test, answered as the API server answers: a body
     * that is not a list of operations is a 400 in the words of Go's decoder, more than 10,000
     * operations a 413, and an operation that does not apply (a path the object lacks, an index past
     * the end, a failed test, an unknown op, no value) the 422 {@link KubeStatus#jsonPatchNotApplied}.
     */
    static JsonNode json(JsonNode target, JsonNode patch) {
        if (patch.isNull()) {
            return target.deepCopy(); // null decodes as an empty patch
        }
        if (!patch.isArray()) {
            throw KubeStatus.badRequest("json: cannot unmarshal " + goKind(patch) + " into Go value of type jsonpatch.Patch");
        }
        for (JsonNode op : patch) {
            if (!op.isObject()) {
                throw KubeStatus.badRequest("json: cannot unmarshal " + goKind(op)
                        + " into Go value of type jsonpatch.Operation");
            }
        }
        if (patch.size() > MAX_JSON_PATCH_OPERATIONS) {
            throw KubeStatus.requestEntityTooLarge("The allowed maximum operations in a JSON patch is "
                    + MAX_JSON_PATCH_OPERATIONS + ", got " + patch.size());
        }
        try {
            JsonNode doc = target.deepCopy();
            for (JsonNode op : patch) {
                doc = apply(doc, op);
            }
            return doc;
        } catch (JsonPointer.NotApplied e) {
            throw KubeStatus.jsonPatchNotApplied();
        }
    }

    private static JsonNode apply(JsonNode doc, JsonNode op) {
        String path = op.path("path").asText();
        return switch (op.path("op").asText()) {
            case "add" -> JsonPointer.add(doc, path, value(op), true);
            case "replace" -> JsonPointer.add(JsonPointer.remove(doc, path), path, value(op), false);
            case "remove" -> JsonPointer.remove(doc, path);
            case "move" -> {
                JsonNode value = JsonPointer.get(doc, op.path("from").asText());
                yield JsonPointer.add(JsonPointer.remove(doc, op.path("from").asText()), path, value, true);
            }
            case "copy" -> JsonPointer.add(doc, path, JsonPointer.get(doc, op.path("from").asText()).deepCopy(), true);
            case "test" -> {
                if (!JsonPointer.get(doc, path).equals(op.get("value"))) {
                    throw new JsonPointer.NotApplied("testing value " + path + " failed");
                }
                yield doc;
            }
            default -> throw new JsonPointer.NotApplied("Unexpected kind: " + op.path("op").asText());
        };
    }

    private static JsonNode value(JsonNode op) {
        if (!op.has("value")) {
            throw new JsonPointer.NotApplied("missing value");
        }
        return op.get("value").deepCopy();
    }

    /** The JSON kind as Go's decoder names it in an UnmarshalTypeError. */
    private static String goKind(JsonNode node) {
        if (node.isObject()) {
            return "object";
        }
        if (node.isArray()) {
            return "array";
        }
        return node.isTextual() ? "string" : node.isBoolean() ? "bool" : "number";
    }
}
