package io.rollbook.api.manifest;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

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
        if (map instanceof Frozen<V>) {
            return map;
        }
        return new Frozen<>(new LinkedHashMap<>(map));
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
        if (map instanceof Frozen<String> && value != null && value.equals(map.get(key))) {
            return map;
        }
        LinkedHashMap<String, String> copy = map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
        copy.put(key, value);
        return new Frozen<>(copy);
    }

    /** A copy of {@code map} without {@code key}; null when nothing is left. */
    public static Map<String, String> without(Map<String, String> map, String key) {
        if (map == null || !map.containsKey(key)) {
            return map;
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(map);
        copy.remove(key);
        return copy.isEmpty() ? null : new Frozen<>(copy);
    }

    /** An insertion-ordered map that cannot change, over a {@link LinkedHashMap} no one else holds. */
    private static final class Frozen<V> extends AbstractMap<String, V> {
        private final LinkedHashMap<String, V> owned;
        /** The only way out to callers for anything but look-ups: a view that refuses changes. */
        private final Map<String, V> entries;

        Frozen(LinkedHashMap<String, V> owned) {
            this.owned = owned;
            this.entries = Collections.unmodifiableMap(owned);
        }

        @Override
        public V get(Object key) {
            return owned.get(key);
        }

        @Override
        public V getOrDefault(Object key, V defaultValue) {
            return owned.getOrDefault(key, defaultValue);
        }

        @Override
        public boolean containsKey(Object key) {
            return owned.containsKey(key);
        }

        @Override
        public boolean containsValue(Object value) {
            return entries.containsValue(value);
        }

        @Override
        public int size() {
            return entries.size();
        }

        @Override
        public boolean isEmpty() {
            return entries.isEmpty();
        }

        @Override
        public Set<Entry<String, V>> entrySet() {
            return entries.entrySet();
        }

        @Override
        public Set<String> keySet() {
            return entries.keySet();
        }

        @Override
        public Collection<V> values() {
            return entries.values();
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super V> action) {
            entries.forEach(action);
        }

        @Override
        public boolean equals(Object o) {
            return o == this || entries.equals(o);
        }

        @Override
        public int hashCode() {
            return entries.hashCode();
        }

        @Override
        public String toString() {
            return entries.toString();
        }
    }
}
