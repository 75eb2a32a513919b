package io.rollbook.api.manifest;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An insertion-ordered map that cannot change, kept as an array of immutable entries: what
 * {@link Maps} makes for labels, annotations and selectors.
 *
 * <p>These maps hold a handful of keys and are read far more often than made (the planner looks
 * up annotations and compares label maps on every reconcile), so a look-up scans the keys' hashes
 * instead of hashing into buckets, and iterating allocates one cursor instead of a view, an
 * iterator and a wrapper per entry. A map of more than {@value #SCAN_LIMIT} keys also gets a hash
 * index. Equality, hash code and {@code toString} are {@link AbstractMap}'s, as for any map.
 */
final class FrozenMap<V> extends AbstractMap<String, V> {

    /** Up to this many keys a look-up scans; above it, it goes through {@link #index}. */
    static final int SCAN_LIMIT = 16;

    private final Entry<String, V>[] entries;
    private final int[] hashes;
    /** Key to position, only for maps above {@link #SCAN_LIMIT} keys. */
    private final Map<Object, Integer> index;

    private FrozenMap(Entry<String, V>[] entries) {
        this.entries = entries;
        this.hashes = new int[entries.length];
        for (int i = 0; i < entries.length; i++) {
            hashes[i] = Objects.hashCode(entries[i].getKey());
        }
        if (entries.length > SCAN_LIMIT) {
            index = new HashMap<>(entries.length * 2);
            for (int i = 0; i < entries.length; i++) {
                index.put(entries[i].getKey(), i);
            }
        } else {
            index = null;
        }
    }

    /** The entries of {@code map}, in its iteration order. */
    static <V> FrozenMap<V> of(Map<String, V> map) {
        Entry<String, V>[] entries = newEntries(map.size());
        int i = 0;
        for (Entry<String, V> e : map.entrySet()) {
            entries[i++] = new SimpleImmutableEntry<>(e.getKey(), e.getValue());
        }
        return new FrozenMap<>(entries);
    }

    /** This map with {@code key} set: in its place when present, else last. */
    FrozenMap<V> with(String key, V value) {
        int i = indexOf(key);
        Entry<String, V>[] copy = newEntries(i < 0 ? entries.length + 1 : entries.length);
        System.arraycopy(entries, 0, copy, 0, entries.length);
        copy[i < 0 ? entries.length : i] = new SimpleImmutableEntry<>(key, value);
        return new FrozenMap<>(copy);
    }

    /** This map without {@code key}; null when nothing is left. */
    FrozenMap<V> without(String key) {
        int i = indexOf(key);
        if (i < 0) {
            return this;
        }
        if (entries.length == 1) {
            return null;
        }
        Entry<String, V>[] copy = newEntries(entries.length - 1);
        System.arraycopy(entries, 0, copy, 0, i);
        System.arraycopy(entries, i + 1, copy, i, entries.length - i - 1);
        return new FrozenMap<>(copy);
    }

    @SuppressWarnings("unchecked")
    private static <V> Entry<String, V>[] newEntries(int size) {
        return (Entry<String, V>[]) new Entry[size];
    }

    private int indexOf(Object key) {
        if (index != null) {
            Integer i = index.get(key);
            return i == null ? -1 : i;
        }
        int hash = Objects.hashCode(key);
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] == hash && Objects.equals(entries[i].getKey(), key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : entries[i].getValue();
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        int i = indexOf(key);
        return i < 0 ? defaultValue : entries[i].getValue();
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return entries.length;
    }

    @Override
    public boolean isEmpty() {
        return entries.length == 0;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super V> action) {
        for (Entry<String, V> e : entries) {
            action.accept(e.getKey(), e.getValue());
        }
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < entries.length;
                    }

                    @Override
                    public Entry<String, V> next() {
                        if (next >= entries.length) {
                            throw new NoSuchElementException();
                        }
                        return entries[next++];
                    }
                };
            }

            @Override
            public int size() {
                return entries.length;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o == this || super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
