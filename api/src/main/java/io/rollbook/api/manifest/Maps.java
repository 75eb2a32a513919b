package io.rollbook.api.manifest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable copies that keep insertion order and treat empty as absent, as the API server's
 * semantic equality does (a nil map equals an empty one).
 */
public final class Maps {
    private Maps() {
    }

    public static <V> Map<String, V> copy(Map<String, V> map) {
        if (map == null || map.isEmpty()) {
            return null;
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    public static <T> List<T> copy(List<T> list) {
        if (list == null || list.isEmpty()) {
            return null;
        }
        return List.copyOf(list);
    }

    /** Deep, immutable copy of a JSON-like value (maps, lists, scalars) read by Jackson. */
    @SuppressWarnings("unchecked")
    public static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(v -> copy.add(deepCopy(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> deepCopyFields(Map<String, Object> fields) {
        if (fields == null || fields.isEmpty()) {
            return Map.of();
        }
        return (Map<String, Object>) deepCopy(fields);
    }

    /** A copy of {@code map} with {@code key} set to {@code value}. */
    public static Map<String, String> with(Map<String, String> map, String key, String value) {
        Map<String, String> copy = map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
        copy.put(key, value);
        return Collections.unmodifiableMap(copy);
    }

    /** A copy of {@code map} without {@code key}; null when nothing is left. */
    public static Map<String, String> without(Map<String, String> map, String key) {
        if (map == null || !map.containsKey(key)) {
            return map;
        }
        Map<String, String> copy = new LinkedHashMap<>(map);
        copy.remove(key);
        return copy(copy);
    }
}
