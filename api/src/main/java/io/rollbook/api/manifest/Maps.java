package io.rollbook.api.manifest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable copies that keep insertion order and treat empty as absent, as the API server's
 * semantic equality does (a nil map equals an empty one).
 *
 * <p>A map made here is never copied again: records built with {@code with...} from one another
 * share their maps instead of copying them at every step.
 */
public final class Maps {
    private Maps() {
    }

    /** An immutable copy in the same order, null when empty; {@code map} itself when made here already. */
    public static <V> Map<String, V> copy(Map<String, V> map) {
        if (map == null || map.isEmpty()) {
            return null;
        }
        if (map instanceof FrozenMap<V>) {
            return map;
        }
        return FrozenMap.of(map);
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
        if (map instanceof FrozenMap<String> frozen) {
            return value != null && value.equals(frozen.get(key)) ? frozen : frozen.with(key, value);
        }
        return FrozenMap.of(map == null ? Map.<String, String>of() : map).with(key, value);
    }

    /** A copy of {@code map} without {@code key}; null when nothing is left. */
    public static Map<String, String> without(Map<String, String> map, String key) {
        if (map == null || !map.containsKey(key)) {
            return map;
        }
        FrozenMap<String> frozen = map instanceof FrozenMap<String> f ? f : FrozenMap.of(map);
        return frozen.without(key);
    }
}
