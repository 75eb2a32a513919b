package io.rollbook.api.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    public static byte[] encode(EventEnvelope e) {
        ObjectNode root = Codec.json().createObjectNode();
        root.put("type", e.type());
        root.put("eventId", e.eventId());
        root.put("aggregate", e.aggregate());
        root.put("sequence", e.sequence());
        if (e.time() != null) {
            root.put("time", e.time().toString());
        }
        if (e.commandId() != null) {
            root.put("commandId", e.commandId());
        }
        if (e.actor() != null) {
            root.put("actor", e.actor());
        }
        root.set("data", Codec.toTree(e.data()));
        return Codec.toJson(root).getBytes(StandardCharsets.UTF_8);
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
