package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.infra.kube.Snapshot.Key;
import io.rollbook.projections.ProjectionStore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The objects kubectl sees, versioned by the projections' position in the log: each {@link #sync}
 * reads the projections, compares with the last reading and records every object that was added,
 * modified or deleted, labelled with the position read after the snapshot. An object's
 * {@code resourceVersion} is the position at which it last changed, a list's is the position of
 * the reading it came from, and a watch from resourceVersion N replays the recorded changes after
 * N before going live (resumable, like the API server's watch cache); a watch from before the kept
 * history gets 410 Expired, and kubectl lists again.
 */
final class ObjectLog {

    /** One recorded change: ADDED, MODIFIED or DELETED, at {@code position}. */
    record Change(long position, String type, Key key, ObjectNode object) {
    }

    /** A consistent reading: the objects (with resourceVersion set) and its position. */
    record View(long position, List<Map.Entry<Key, ObjectNode>> objects) {
    }

    private final ProjectionStore store;
    private final int capacity;
    private final Map<Key, ObjectNode> current = new HashMap<>();
    private final Map<Key, ObjectNode> versioned = new HashMap<>();
    private final ArrayDeque<Change> history = new ArrayDeque<>();
    private long base = -1;
    private long position = -1;
    private long horizon = -1;

    ObjectLog(ProjectionStore store, int capacity) {
        this.store = store;
        this.capacity = capacity;
    }

    /**
     * Brings the reading up to the projections; returns its position. The position is read before
     * the snapshot (to know whether anything can have changed since) and after it (to label the
     * changes), so a change never gets a label below what a list already claimed to include.
     */
    synchronized long sync() {
        long before = store.position();
        if (before == base) {
            return position;
        }
        Map<Key, ObjectNode> next = Snapshot.read(store);
        long read = store.position();
        List<Key> gone = new ArrayList<>();
        List<Key> changed = new ArrayList<>();
        for (Key k : current.keySet()) {
            if (!next.containsKey(k)) {
                gone.add(k);
            }
        }
        for (Map.Entry<Key, ObjectNode> e : next.entrySet()) {
            ObjectNode was = current.get(e.getKey());
            if (was == null || !was.equals(e.getValue())) {
                changed.add(e.getKey());
            }
        }
        // A label is never reused: a list at the previous position must not have claimed these changes.
        long after = gone.isEmpty() && changed.isEmpty() ? Math.max(read, position)
                : Math.max(read, position + 1);
        for (Key k : gone) {
            ObjectNode last = versioned.remove(k);
            current.remove(k);
            record(new Change(after, "DELETED", k, withVersion(last, after)));
        }
        for (Key k : changed) {
            boolean added = !current.containsKey(k);
            ObjectNode now = withVersion(next.get(k), after);
            current.put(k, next.get(k));
            versioned.put(k, now);
            record(new Change(after, added ? "ADDED" : "MODIFIED", k, now));
        }
        if (horizon < 0) {
            horizon = after;
        }
        base = before;
        position = after;
        return after;
    }

    private void record(Change change) {
        if (horizon < 0) {
            return; // the first reading is the starting point, not a change anyone watched
        }
        history.addLast(change);
        while (history.size() > capacity) {
            horizon = history.removeFirst().position();
        }
    }

    private static ObjectNode withVersion(ObjectNode object, long position) {
        ObjectNode copy = object.deepCopy();
        ((ObjectNode) copy.with("metadata")).put("resourceVersion", Long.toString(position));
        return copy;
    }

    /** The current objects matching {@code filter}, by namespace then name, at the reading's position. */
    synchronized View list(Predicate<Map.Entry<Key, ObjectNode>> filter) {
        long at = sync();
        List<Map.Entry<Key, ObjectNode>> out = new ArrayList<>();
        for (Map.Entry<Key, ObjectNode> e : versioned.entrySet()) {
            if (filter.test(e)) {
                out.add(Map.entry(e.getKey(), e.getValue().deepCopy()));
            }
        }
        out.sort((a, b) -> {
            int c = String.valueOf(a.getKey().namespace()).compareTo(String.valueOf(b.getKey().namespace()));
            return c != 0 ? c : a.getKey().name().compareTo(b.getKey().name());
        });
        return new View(at, out);
    }

    /** One object with its resourceVersion, or null. */
    synchronized ObjectNode get(Key key) {
        sync();
        ObjectNode o = versioned.get(key);
        return o == null ? null : o.deepCopy();
    }

    /**
     * The changes after {@code resourceVersion} matching {@code filter}, oldest first.
     *
     * @throws KubeStatus 410 when that point is older than the kept history
     */
    synchronized List<Change> since(long resourceVersion, Predicate<Map.Entry<Key, ObjectNode>> filter) {
        sync();
        if (resourceVersion < horizon) {
            throw KubeStatus.gone("too old resource version: " + resourceVersion + " (" + horizon + ")");
        }
        List<Change> out = new ArrayList<>();
        for (Change c : history) {
            if (c.position() > resourceVersion && filter.test(Map.entry(c.key(), c.object()))) {
                out.add(c);
            }
        }
        return out;
    }
}
