package io.rollbook.api.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.codec.Instants;
import io.rollbook.api.codec.ValuePool;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The JSON codec of event envelopes, with an explicit catalogue of types (never default typing). */
public final class Events {

    /** Every event type by its wire name. */
    public static final Map<String, Class<? extends RollbookEvent>> TYPES = List.of(
                    DeploymentApplied.class, DeploymentDeleted.class, DeploymentAnnotated.class,
                    DeploymentStatusChanged.class, ConditionChanged.class, RolloutPaused.class, RolloutResumed.class,
                    RolledBack.class, RolloutCompleted.class, KubeEventRecorded.class, ReplicaSetApplied.class,
                    ReplicaSetCreated.class, ReplicaSetScaled.class, ReplicaSetAnnotated.class,
                    ReplicaSetRevisionChanged.class, ReplicaSetStatusChanged.class, ReplicaSetDeleted.class,
                    PodCreated.class, PodStarted.class, PodReady.class, PodFailed.class, PodCrashed.class,
                    PodRestarted.class, PodTerminating.class,
                    PodDeleted.class, WakeUpScheduled.class, CommandRejected.class, ObjectApplied.class,
                    ObjectDeleted.class, ProgressDeadlineHandled.class, CanaryStepStarted.class, CanaryPromoted.class,
                    CanaryAborted.class, CanaryCheckEvaluated.class)
            .stream().collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    /** The envelope's fields, in the order {@link #encode} writes them. */
    private static final List<String> FIELDS = List.of("type", "version", "eventId", "aggregate", "sequence",
            "time", "commandId", "actor", "data");

    /** One reader per wire name: the root deserializer found once, not per event. */
    private static final Map<String, ObjectReader> READERS = TYPES.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Codec.json().readerFor(e.getValue())));

    /** One writer per type; the envelope's generator is flushed once, at the end, not after {@code data}. */
    private static final Map<Class<?>, ObjectWriter> WRITERS = TYPES.values().stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), cls -> Codec.json().writerFor(cls)
                    .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)));

    private Events() {
    }

    public static String typeOf(RollbookEvent event) {
        return event.getClass().getSimpleName();
    }

    /**
     * The envelope as JSON, written in one pass (no intermediate tree: encoding is on the engine's hot
     * path); {@code data} of the most written types by {@link EventWriters}, the same bytes as the mapper's.
     */
    public static byte[] encode(EventEnvelope e) {
        return encode(e, true);
    }

    /** {@link #encode} with every {@code data} written by the mapper: what {@link EventWriters} must equal. */
    static byte[] encodeWithMapper(EventEnvelope e) {
        return encode(e, false);
    }

    private static byte[] encode(EventEnvelope e, boolean handWritten) {
        ObjectMapper json = Codec.json();
        try (ByteArrayBuilder out = new ByteArrayBuilder(json.getFactory()._getBufferRecycler(), 512);
             JsonGenerator g = json.createGenerator(out)) {
            write(g, e, handWritten);
            g.close();
            byte[] bytes = out.toByteArray();
            out.release();
            return bytes;
        } catch (IOException ex) {
            throw new IllegalStateException("cannot write event " + e.eventId() + ": " + ex.getMessage(), ex);
        }
    }

    /** The envelope's fields in {@link #FIELDS}' order, absent ones left out; {@code data} last. */
    private static void write(JsonGenerator g, EventEnvelope e, boolean handWritten) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", e.type());
        int version = EventVersions.RELEASED.current(e.type());
        if (version > 1) {
            g.writeNumberField("version", version);
        }
        g.writeStringField("eventId", e.eventId());
        g.writeStringField("aggregate", e.aggregate());
        g.writeNumberField("sequence", e.sequence());
        if (e.time() != null) {
            g.writeStringField("time", Instants.format(e.time()));
        }
        if (e.commandId() != null) {
            g.writeStringField("commandId", e.commandId());
        }
        if (e.actor() != null) {
            g.writeStringField("actor", e.actor());
        }
        g.writeFieldName("data");
        if (!handWritten || !EventWriters.write(g, e.data())) {
            WRITERS.get(e.data().getClass()).writeValue(g, e.data());
        }
        g.writeEndObject();
    }

    /** An encoder for one thread that keeps its buffers: see {@link Encoder}. */
    public static Encoder encoder() {
        return new Encoder();
    }

    /**
     * {@link Events#encode} for a writer on one thread that encodes event after event (the engine's
     * storage): one generator and one output buffer for all of them, instead of a generator, its
     * contexts and buffers per event. The same bytes as {@link Events#encode}. Not thread-safe.
     */
    public static final class Encoder {

        private final ByteArrayBuilder out = new ByteArrayBuilder(4096);
        private JsonGenerator g;

        private Encoder() {
            g = generator();
        }

        public byte[] encode(EventEnvelope e) {
            try {
                write(g, e, true);
                g.flush();
                return out.toByteArray();
            } catch (IOException | RuntimeException ex) {
                g = generator(); // the old one may be mid-object: the next event starts clean
                throw new IllegalStateException("cannot write event " + e.eventId() + ": " + ex.getMessage(), ex);
            } finally {
                out.reset();
            }
        }

        /** No separator between root values: each envelope is read off the buffer on its own. */
        private JsonGenerator generator() {
            try {
                JsonGenerator generator = Codec.json().createGenerator(out);
                generator.setRootValueSeparator(null);
                return generator;
            } catch (IOException ex) {
                throw new IllegalStateException("cannot create a JSON generator: " + ex.getMessage(), ex);
            }
        }
    }

    /**
     * Reads an envelope written by this or any earlier release: {@code data} of an older version is
     * upcast by {@link EventVersions#RELEASED}. Throws IllegalArgumentException naming what is wrong
     * (also for a version newer than this release reads).
     */
    public static EventEnvelope decode(byte[] value) {
        EventEnvelope plain = value == null ? null : readPlain(value, null, READERS);
        return plain != null ? plain : readTree(value, EventVersions.RELEASED);
    }

    /** A decoder for one thread that keeps what it decodes: see {@link Decoder}. */
    public static Decoder decoder() {
        return new Decoder();
    }

    /**
     * {@link Events#decode} for a reader that keeps the envelopes (the projections): equal strings
     * and times among them share one instance through a {@link ValuePool}, which cuts the memory a
     * folded log holds, and the collector's copying of it, by about half. Same results, same errors.
     * Not thread-safe: one per decoding thread.
     */
    public static final class Decoder {

        private final ValuePool pool = new ValuePool();
        private final Map<String, ObjectReader> readers = READERS.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                        e -> e.getValue().withAttribute(ValuePool.ATTRIBUTE, pool)));

        private Decoder() {
        }

        public EventEnvelope decode(byte[] value) {
            EventEnvelope plain = value == null ? null : readPlain(value, pool, readers);
            return plain != null ? plain : readTree(value, EventVersions.RELEASED);
        }
    }

    /**
     * The envelope in one pass over the bytes, {@code data} bound straight by its type's reader (or
     * from a buffer when it comes before {@code type}); null when anything is not the plain shape
     * {@link #encode} writes (a field missing, repeated or of another JSON type, a time not in the
     * {@code ...Z} form, an unknown type, a version other than the current one or named before the
 * type, bad JSON): {@link #readTree} then decides, so every odd
     * envelope reads, or fails with the same message, exactly as it always did.
     */
    private static EventEnvelope readPlain(byte[] value, ValuePool pool, Map<String, ObjectReader> readers) {
        try (JsonParser p = Codec.json().createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String type = null;
            String eventId = null;
            String aggregate = null;
            long sequence = 0;
            Instant time = null;
            String commandId = null;
            String actor = null;
            RollbookEvent data = null;
            TokenBuffer early = null;
            int seen = 0;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                int bit = FIELDS.indexOf(field);
                if (bit >= 0) {
                    if ((seen & (1 << bit)) != 0) {
                        return null; // readTree keeps the last of a repeated field; leave that to it
                    }
                    seen |= 1 << bit;
                }
                switch (field) {
                    case "type" -> {
                        type = v == JsonToken.VALUE_STRING ? p.getText() : null;
                        if (type == null || !TYPES.containsKey(type)) {
                            return null;
                        }
                    }
                    case "version" -> {
                        if (type == null || v != JsonToken.VALUE_NUMBER_INT
                                || p.getNumberType() != JsonParser.NumberType.INT
                                || p.getIntValue() != EventVersions.RELEASED.current(type)) {
                            return null; // an older shape to upcast, or an error for readTree to name
                        }
                    }
                    case "eventId" -> {
                        if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL) {
                            return null;
                        }
                        eventId = text(p, v, null);
                    }
                    case "aggregate" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        aggregate = text(p, v, pool);
                    }
                    case "sequence" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            return null;
                        }
                        sequence = p.getLongValue();
                    }
                    case "time" -> {
                        if (v != JsonToken.VALUE_NULL) {
                            time = v == JsonToken.VALUE_STRING ? Instants.parseCanonical(p.getText()) : null;
                            if (time == null) {
                                return null;
                            }
                            time = pool == null ? time : pool.instant(time);
                        }
                    }
                    case "commandId" -> {
                        if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL) {
                            return null;
                        }
                        commandId = text(p, v, pool);
                    }
                    case "actor" -> {
                        if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL) {
                            return null;
                        }
                        actor = text(p, v, pool);
                    }
                    case "data" -> {
                        if (v != JsonToken.START_OBJECT) {
                            return null;
                        }
                        if (type != null) {
                            data = readers.get(type).readValue(p);
                        } else {
                            early = TokenBuffer.asCopyOfValue(p);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (type == null || aggregate == null || (data == null && early == null)) {
                return null;
            }
            if (data == null) {
                try (JsonParser buffered = early.asParser(p)) {
                    data = readers.get(type).readValue(buffered);
                }
            }
            return new EventEnvelope(eventId, aggregate, sequence, time, commandId, actor, data);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A string or null token's value; {@code eventId}s are unique, so they stay out of the pool. */
    private static String text(JsonParser p, JsonToken v, ValuePool pool) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            return null;
        }
        return pool == null ? p.getText() : pool.text(p);
    }

    static EventEnvelope readTree(byte[] value) {
        return readTree(value, EventVersions.RELEASED);
    }

    /**
     * The general reader: a tree first, then the fields as {@code JsonNode} reads them, {@code data}
     * upcast from the envelope's {@code version} (absent: 1) by {@code versions}.
     */
    static EventEnvelope readTree(byte[] value, EventVersions versions) {
        try {
            JsonNode root = Codec.json().readTree(value);
            String type = root.path("type").asText();
            Class<? extends RollbookEvent> cls = TYPES.get(type);
            if (cls == null) {
                throw new IllegalArgumentException("unknown event type \"" + type + "\"");
            }
            JsonNode version = root.path("version");
            if (!version.isMissingNode() && !version.isNull() && !version.isInt()) {
                throw new IllegalArgumentException("event version must be an integer, was " + version);
            }
            JsonNode shape = versions.upcast(type, version.isInt() ? version.intValue() : 1, root.path("data"));
            RollbookEvent data = Codec.json().treeToValue(shape, cls);
            Instant time = root.hasNonNull("time") ? Instants.parse(root.get("time").asText()) : null;
            return new EventEnvelope(root.path("eventId").asText(null), root.path("aggregate").asText(),
                    root.path("sequence").asLong(), time, root.path("commandId").asText(null),
                    root.path("actor").asText(null), data);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable event: " + e.getMessage(), e);
        }
    }
}
