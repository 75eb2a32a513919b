package io.rollbook.api.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fields of an object by the schema of the types Rollbook stores (apps/v1 Deployment and
 * ReplicaSet, the v1 pod template), as structured-merge-diff walks them: a scalar, an atomic value
 * (a list without merge keys, the apps/v1 {@code selector}, an empty object) is one field; a list
 * with merge keys ({@code containers} by {@code name}, {@code ports} by {@code containerPort} and
 * {@code protocol}, ...) holds one item per key, and each item is itself a field; a list of set
 * semantics ({@code finalizers}) holds one field per value. Objects are walked into.
 */
public final class Fields {

    /** The associative lists ({@code x-kubernetes-list-type: map}) by field name, with their keys. */
    static final Map<String, List<String>> KEYS = Map.ofEntries(
            Map.entry("containers", List.of("name")), Map.entry("initContainers", List.of("name")),
            Map.entry("ephemeralContainers", List.of("name")), Map.entry("env", List.of("name")),
            Map.entry("volumes", List.of("name")), Map.entry("volumeMounts", List.of("mountPath")),
            Map.entry("ports", List.of("containerPort", "protocol")), Map.entry("conditions", List.of("type")),
            Map.entry("imagePullSecrets", List.of("name")), Map.entry("ownerReferences", List.of("uid")),
            Map.entry("hostAliases", List.of("ip")));
    /** Key fields the API server defaults before it keys an item: a container port's protocol. */
    private static final Map<String, JsonNode> KEY_DEFAULTS = Map.of("protocol", TextNode.valueOf("TCP"));
    /** The lists of set semantics ({@code x-kubernetes-list-type: set}). */
    private static final Set<String> SETS = Set.of("finalizers");
    /** Objects replaced whole ({@code x-kubernetes-map-type: atomic}): the apps/v1 label selector. */
    private static final Set<String> ATOMIC = Set.of("selector");
    /** The value an item of an associative list or a set has in {@link #values}: it is there or not. */
    static final JsonNode PRESENT = TextNode.valueOf(".");

    private Fields() {
    }

    /** Every field of {@code object} with its value (items of lists and sets: {@link #PRESENT}). */
    public static Map<FieldPath, JsonNode> values(JsonNode object) {
        Map<FieldPath, JsonNode> out = new TreeMap<>();
        if (object != null && object.isObject()) {
            walk((ObjectNode) object, new FieldPath(List.of()), out);
        }
        return out;
    }

    /** The field set of {@code object}: what a manager that applied it owns. */
    public static FieldSet set(JsonNode object) {
        return FieldSet.of(values(object).keySet());
    }

    /**
     * The paths whose value in {@code after} is not the one in {@code before} (added or modified),
     * structured-merge-diff's Comparison.Added plus Modified.
     */
    public static FieldSet changed(JsonNode before, JsonNode after) {
        Map<FieldPath, JsonNode> old = values(before);
        List<FieldPath> out = new java.util.ArrayList<>();
        values(after).forEach((p, v) -> {
            if (!v.equals(old.get(p))) {
                out.add(p);
            }
        });
        return FieldSet.of(out);
    }

    /** The paths of {@code before} that {@code after} does not have: Comparison.Removed. */
    public static FieldSet removed(JsonNode before, JsonNode after) {
        return set(before).minus(set(after));
    }

    private static void walk(ObjectNode node, FieldPath at, Map<FieldPath, JsonNode> out) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            FieldPath child = at.child(FieldPath.field(e.getKey()));
            if (v.isNull()) {
                continue;
            }
            if (v.isArray() && SETS.contains(e.getKey())) {
                v.forEach(item -> out.put(child.child(FieldPath.value(item)), PRESENT));
            } else if (v.isArray() && keyed((ArrayNode) v, e.getKey())) {
                for (JsonNode item : v) {
                    FieldPath itemPath = child.child(key(item, KEYS.get(e.getKey())));
                    out.put(itemPath, PRESENT);
                    walk((ObjectNode) item, itemPath, out);
                }
            } else if (v.isObject() && !v.isEmpty() && !ATOMIC.contains(e.getKey())) {
                walk((ObjectNode) v, child, out);
            } else {
                out.put(child, v);
            }
        }
    }

    /** Whether every item of the list has its keys (else it is stored, and owned, whole). */
    private static boolean keyed(ArrayNode list, String field) {
        List<String> keys = KEYS.get(field);
        if (keys == null) {
            return false;
        }
        for (JsonNode item : list) {
            if (!item.isObject() || !item.hasNonNull(keys.get(0))) {
                return false;
            }
        }
        return true;
    }

    private static String key(JsonNode item, List<String> keys) {
        Map<String, JsonNode> k = new LinkedHashMap<>();
        for (String name : keys) {
            JsonNode v = item.hasNonNull(name) ? item.get(name) : KEY_DEFAULTS.get(name);
            if (v != null) {
                k.put(name, v);
            }
        }
        return FieldPath.key(k);
    }

    /**
     * {@code config} merged over {@code live} as server-side apply merges (inputs unchanged): objects
     * field by field, associative lists item by item (live items the config does not name stay), sets
     * as unions, everything else replaced.
     */
    public static ObjectNode merge(JsonNode live, JsonNode config) {
        ObjectNode out = live != null && live.isObject() ? ((ObjectNode) live).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = config.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            JsonNode old = out.get(name);
            if (v.isNull()) {
                continue;
            }
            if (v.isArray() && old != null && old.isArray() && SETS.contains(name)) {
                ArrayNode union = ((ArrayNode) old).deepCopy();
                v.forEach(x -> {
                    if (!contains(union, x)) {
                        union.add(x.deepCopy());
                    }
                });
                out.set(name, union);
            } else if (v.isArray() && old != null && old.isArray() && keyed((ArrayNode) v, name)
                    && keyed((ArrayNode) old, name)) {
                out.set(name, mergeList((ArrayNode) old, (ArrayNode) v, KEYS.get(name)));
            } else if (v.isObject() && old != null && old.isObject() && !ATOMIC.contains(name)) {
                out.set(name, merge(old, v));
            } else {
                out.set(name, v.deepCopy());
            }
        }
        return out;
    }

    private static ArrayNode mergeList(ArrayNode live, ArrayNode config, List<String> keys) {
        ArrayNode out = live.deepCopy();
        for (JsonNode item : config) {
            String k = key(item, keys);
            int at = indexOf(out, k, keys);
            if (at < 0) {
                out.add(item.deepCopy());
            } else {
                out.set(at, merge(out.get(at), item));
            }
        }
        return out;
    }

    private static int indexOf(ArrayNode list, String element, List<String> keys) {
        for (int i = 0; i < list.size(); i++) {
            if (key(list.get(i), keys).equals(element)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(ArrayNode list, JsonNode v) {
        for (JsonNode x : list) {
            if (x.equals(v)) {
                return true;
            }
        }
        return false;
    }

    /** {@code object} without the fields of {@code paths} (a list item's path removes the item). */
    public static ObjectNode remove(JsonNode object, FieldSet paths) {
        ObjectNode out = ((ObjectNode) object).deepCopy();
        for (FieldPath p : paths) {
            removeOne(out, p.elements(), null);
        }
        return out;
    }

    private static void removeOne(JsonNode node, List<String> elements, String listField) {
        String e = elements.get(0);
        boolean last = elements.size() == 1;
        if (e.startsWith("f:") && node.isObject()) {
            String name = e.substring(2);
            if (last) {
                ((ObjectNode) node).remove(name);
            } else if (node.has(name)) {
                removeOne(node.get(name), elements.subList(1, elements.size()), name);
            }
        } else if (node.isArray() && listField != null) {
            ArrayNode list = (ArrayNode) node;
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                String element = e.startsWith("v:") ? FieldPath.value(item)
                        : KEYS.containsKey(listField) && item.isObject() ? key(item, KEYS.get(listField)) : null;
                if (e.equals(element)) {
                    if (last) {
                        list.remove(i);
                    } else {
                        removeOne(item, elements.subList(1, elements.size()), null);
                    }
                    return;
                }
            }
        }
    }
}
