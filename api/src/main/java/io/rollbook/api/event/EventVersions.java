package io.rollbook.api.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The versions of the events' {@code data} shapes and the upcaster chain that reads every older
 * shape as the current one. A type's version is 1 plus the number of its upcasters, so a version
 * cannot be raised without the step that reads the one before it. A type with no upcaster is at
 * version 1 (every new type: nothing to register). The envelope names a version above 1 in its
 * {@code version} field; an envelope without one is version 1, so every log written before
 * versions existed reads as it always did.
 *
 * <p>To change a released shape: add an {@link Upcaster} from the version being replaced to
 * {@link #RELEASED}, change the record, and record the new shape in the event schema file
 * (the api module's {@code EventSchemaTest} says how).
 */
public final class EventVersions {

    /** One step: a type's {@code data} at version {@code from}, rewritten as version {@code from + 1}. */
    public record Upcaster(String type, int from, UnaryOperator<ObjectNode> step) {
        public Upcaster {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(step, "step");
            if (from < 1) {
                throw new IllegalArgumentException("an upcaster reads version 1 or later, not " + from);
            }
        }
    }

    /** The one registry of released upcasters; empty while every type is at its first shape. */
    public static final EventVersions RELEASED = new EventVersions(List.of());

    private final Map<String, List<Upcaster>> chains;

    /** A registry; the steps of each type must run 1 → 2 → 3 ... without gaps or repeats. */
    public EventVersions(List<Upcaster> upcasters) {
        Map<String, List<Upcaster>> byType = new HashMap<>();
        for (Upcaster u : upcasters) {
            List<Upcaster> chain = byType.computeIfAbsent(u.type(), t -> new ArrayList<>());
            if (u.from() != chain.size() + 1) {
                throw new IllegalArgumentException("the upcasters of " + u.type() + " must read versions 1, 2, 3 ... "
                        + "in order; found one from version " + u.from() + " after " + chain.size());
            }
            chain.add(u);
        }
        byType.replaceAll((t, chain) -> List.copyOf(chain));
        this.chains = Map.copyOf(byType);
    }

    /** The version this release writes for the wire type {@code type}. */
    public int current(String type) {
        return chains.getOrDefault(type, List.of()).size() + 1;
    }

    /**
     * {@code data} as written at {@code version}, read as the current shape.
     *
     * @throws IllegalArgumentException for a version below 1 or newer than this release reads
     */
    public JsonNode upcast(String type, int version, JsonNode data) {
        int current = current(type);
        if (version < 1) {
            throw new IllegalArgumentException("event type \"" + type + "\" has version " + version
                    + "; versions count from 1");
        }
        if (version > current) {
            throw new IllegalArgumentException("event type \"" + type + "\" version " + version
                    + " is newer than this release reads (up to " + current + "): upgrade Rollbook to read it");
        }
        if (version == current || !(data instanceof ObjectNode object)) {
            return data;
        }
        ObjectNode shape = object.deepCopy();
        for (Upcaster u : chains.get(type).subList(version - 1, current - 1)) {
            shape = Objects.requireNonNull(u.step().apply(shape), "upcaster of " + type + " returned null");
        }
        return shape;
    }
}
