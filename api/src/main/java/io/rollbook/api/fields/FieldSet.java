package io.rollbook.api.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A set of field paths, as structured-merge-diff's {@code fieldpath.Set}: what one field manager
 * owns. {@link #toFieldsV1()} and {@link #fromFieldsV1(JsonNode)} are the API server's
 * {@code FieldsV1} form, where each path is a chain of nested objects and {@code ".": {}} marks a
 * path that is itself in the set and also has members below it (an item of an associative list).
 * Immutable.
 */
public final class FieldSet implements Iterable<FieldPath> {

    public static final FieldSet EMPTY = new FieldSet(new TreeSet<>());

    private final NavigableSet<FieldPath> paths;

    private FieldSet(NavigableSet<FieldPath> paths) {
        this.paths = Collections.unmodifiableNavigableSet(paths);
    }

    public static FieldSet of(Collection<FieldPath> paths) {
        return new FieldSet(new TreeSet<>(paths));
    }

    public static FieldSet of(FieldPath... paths) {
        return of(java.util.List.of(paths));
    }

    public boolean isEmpty() {
        return paths.isEmpty();
    }

    public int size() {
        return paths.size();
    }

    public boolean contains(FieldPath p) {
        return paths.contains(p);
    }

    /** Whether {@code p} or any path below it is in the set. */
    public boolean containsPrefixOf(FieldPath p) {
        FieldPath next = paths.ceiling(p);
        return next != null && next.startsWith(p);
    }

    public FieldSet union(FieldSet o) {
        TreeSet<FieldPath> s = new TreeSet<>(paths);
        s.addAll(o.paths);
        return new FieldSet(s);
    }

    public FieldSet minus(FieldSet o) {
        TreeSet<FieldPath> s = new TreeSet<>(paths);
        s.removeAll(o.paths);
        return new FieldSet(s);
    }

    public FieldSet intersect(FieldSet o) {
        TreeSet<FieldPath> s = new TreeSet<>(paths);
        s.retainAll(o.paths);
        return new FieldSet(s);
    }

    @Override
    public Iterator<FieldPath> iterator() {
        return paths.iterator();
    }

    /** The API server's {@code fieldsV1}: {@code {"f:spec":{"f:replicas":{}}}}, children in name order. */
    public ObjectNode toFieldsV1() {
        Node root = new Node();
        for (FieldPath p : paths) {
            Node n = root;
            for (String e : p.elements()) {
                n = n.children.computeIfAbsent(e, k -> new Node());
            }
            n.member = true;
        }
        return root.write();
    }

    /** Reads {@code fieldsV1}; a value that is not an object of objects is refused. */
    public static FieldSet fromFieldsV1(JsonNode fieldsV1) {
        TreeSet<FieldPath> out = new TreeSet<>();
        read(fieldsV1, new FieldPath(java.util.List.of()), out);
        return new FieldSet(out);
    }

    private static void read(JsonNode node, FieldPath at, TreeSet<FieldPath> out) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("fieldsV1 at " + at + " is not an object: " + node);
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(".")) {
                out.add(at);
                continue;
            }
            FieldPath child = at.child(e.getKey());
            if (e.getValue().isObject() && e.getValue().isEmpty()) {
                out.add(child);
            } else {
                read(e.getValue(), child, out);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet f && paths.equals(f.paths);
    }

    @Override
    public int hashCode() {
        return paths.hashCode();
    }

    @Override
    public String toString() {
        return paths.toString();
    }

    private static final class Node {
        final TreeMap<String, Node> children = new TreeMap<>();
        boolean member;

        ObjectNode write() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            if (member && !children.isEmpty()) {
                o.putObject(".");
            }
            children.forEach((k, v) -> o.set(k, v.write()));
            return o;
        }
    }
}
