package io.rollbook.api.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;

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
                    PodCreated.class, PodStarted.class, PodReady.class, PodFailed.class, PodTerminating.class,
                    PodDeleted.class, WakeUpScheduled.class, CommandRejected.class, ObjectApplied.class,
                    ObjectDeleted.class)
            .stream().collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private Events() {
    }

    public static String typeOf(RollbookEvent event) {
        return event.getClass().getSimpleName();
    }

    /** The envelope as JSON, written in one pass (no intermediate tree: encoding is on the engine's hot path). */
    public static byte[] encode(EventEnvelope e) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(512);
        try (JsonGenerator g = Codec.json().getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", e.type());
            g.writeStringField("eventId", e.eventId());
            g.writeStringField("aggregate", e.aggregate());
            g.writeNumberField("sequence", e.sequence());
            if (e.time() != null) {
                g.writeStringField("time", e.time().toString());
            }
            if (e.commandId() != null) {
                g.writeStringField("commandId", e.commandId());
            }
            if (e.actor() != null) {
                g.writeStringField("actor", e.actor());
            }
            g.writeFieldName("data");
            Codec.json().writeValue(g, e.data());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new IllegalStateException("cannot write event " + e.eventId() + ": " + ex.getMessage(), ex);
        }
        return out.toByteArray();
    }

    /** Reads an envelope; throws IllegalArgumentException naming what is wrong. */
    public static EventEnvelope decode(byte[] value) {
        try {
            JsonNode root = Codec.json().readTree(value);
            String type = root.path("type").asText();
            Class<? extends RollbookEvent> cls = TYPES.get(type);
            if (cls == null) {
                throw new IllegalArgumentException("unknown event type \"" + type + "\"");
            }
            RollbookEvent data = Codec.json().treeToValue(root.path("data"), cls);
            Instant time = root.hasNonNull("time") ? Instant.parse(root.get("time").asText()) : null;
            return new EventEnvelope(type, root.path("eventId").asText(null), root.path("aggregate").asText(),
                    root.path("sequence").asLong(), time, root.path("commandId").asText(null),
                    root.path("actor").asText(null), data);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable event: " + e.getMessage(), e);
        }
    }
}
