package io.rollbook.api.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.codec.Instants;
import io.rollbook.api.codec.ManifestException;
import io.rollbook.api.codec.Manifests;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.Pod;
import io.rollbook.api.value.ObjectRef;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** The JSON codec of command envelopes, with an explicit catalogue of types (never default typing). */
public final class Commands {

    /** Every command type by its wire name. */
    public static final Map<String, Class<? extends CommandPayload>> TYPES = Map.ofEntries(
            Map.entry("Apply", Apply.class), Map.entry("Scale", Scale.class), Map.entry("SetImage", SetImage.class),
            Map.entry("Pause", Pause.class), Map.entry("Resume", Resume.class), Map.entry("Undo", Undo.class),
            Map.entry("Restart", Restart.class), Map.entry("Delete", Delete.class),
            Map.entry("DeletePod", DeletePod.class), Map.entry("ReportPod", ReportPod.class),
            Map.entry("Tick", Tick.class), Map.entry("Promote", Promote.class), Map.entry("Abort", Abort.class));

    /** The kinds a command may target; the engine routes each to its aggregate. */
    public static final List<String> TARGET_KINDS = List.of(ObjectRef.DEPLOYMENT, ObjectRef.REPLICA_SET,
            ObjectRef.NAMESPACE, ObjectRef.NETWORK_POLICY, ObjectRef.NETWORK_ATTACHMENT_DEFINITION);

    private Commands() {
    }

    public static String typeOf(CommandPayload payload) {
        return payload.getClass().getSimpleName();
    }

    public static byte[] encode(CommandEnvelope command) {
        ObjectNode root = Codec.json().createObjectNode();
        root.put("commandId", command.commandId());
        root.put("type", command.type());
        root.set("target", Codec.toTree(command.target()));
        if (command.issuedAt() != null) {
            root.put("issuedAt", Instants.format(command.issuedAt()));
        }
        if (command.issuedBy() != null) {
            root.put("issuedBy", command.issuedBy());
        }
        if (command.changeCause() != null) {
            root.put("changeCause", command.changeCause());
        }
        if (command.fieldManager() != null) {
            root.put("fieldManager", command.fieldManager());
        }
        root.set("payload", Codec.toTree(command.payload()));
        return Codec.toJson(root).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Reads a command; {@code issuedAt} defaults to {@code recordTime} when absent.
     *
     * @throws MalformedCommand with the reason, and the commandId when it could be read
     */
    public static CommandEnvelope decode(byte[] value, Instant recordTime) {
        JsonNode root;
        try {
            root = value == null ? null : Codec.json().readTree(value);
        } catch (IOException e) {
            throw new MalformedCommand("not JSON: " + notJson(e), null, e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedCommand("a command must be a JSON object", null, null);
        }
        String commandId = text(root, "commandId", null);
        if (commandId == null || commandId.isBlank()) {
            throw new MalformedCommand("missing field \"commandId\"", null, null);
        }
        try {
            String type = text(root, "type", commandId);
            if (type == null) {
                throw new MalformedCommand("missing field \"type\"", commandId, null);
            }
            Class<? extends CommandPayload> payloadType = TYPES.get(type);
            if (payloadType == null) {
                throw new MalformedCommand("unknown command type \"" + type + "\"; known types: "
                        + new java.util.TreeSet<>(TYPES.keySet()), commandId, null);
            }
            ObjectRef target = target(root.get("target"), commandId);
            Instant issuedAt = instant(root, recordTime, commandId);
            JsonNode payload = root.has("payload") ? root.get("payload") : Codec.json().createObjectNode();
            CommandPayload typed = payload(payloadType, payload, commandId);
            if (typed instanceof Apply apply && !target.kind().equals(apply.manifest().kind())) {
                // the engine routes by target: a ReplicaSet manifest must not reach a Deployment
                throw new MalformedCommand("the manifest is a " + apply.manifest().kind()
                        + " but the target is a " + target.kind(), commandId, null);
            }
            return new CommandEnvelope(commandId, target, issuedAt, text(root, "issuedBy", commandId),
                    text(root, "changeCause", commandId), typed, text(root, "fieldManager", commandId));
        } catch (MalformedCommand e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedCommand(e.getMessage(), commandId, e);
        }
    }

    private static CommandPayload payload(Class<? extends CommandPayload> type, JsonNode node, String commandId) {
        if (!node.isObject()) {
            throw new MalformedCommand("\"payload\" must be an object", commandId, null);
        }
        if (type == Apply.class) {
            JsonNode manifest = node.get("manifest");
            if (manifest == null || !manifest.isObject()) {
                throw new MalformedCommand("missing field \"payload.manifest\"", commandId, null);
            }
            try {
                KubeObject object = Manifests.parse(Codec.toJson(manifest)).get(0);
                if (object instanceof Pod) {
                    throw new MalformedCommand("Apply takes a Deployment, a ReplicaSet, a Namespace, a "
                            + "NetworkPolicy or a NetworkAttachmentDefinition, not a Pod", commandId, null);
                }
                return new Apply(object, serverSide(node.get("serverSide"), commandId));
            } catch (ManifestException e) {
                throw new MalformedCommand(e.getMessage(), commandId, e);
            }
        }
        if (type == Scale.class && !(node.path("replicas").isIntegralNumber() && node.path("replicas").canConvertToInt())) {
            throw new MalformedCommand(node.has("replicas") ? "\"payload.replicas\" must be an int32, was "
                    + node.get("replicas") : "missing field \"payload.replicas\"", commandId, null);
        }
        if (type == DeletePod.class && !(node.path("pod").isTextual() && !node.path("pod").asText().isBlank())) {
            throw new MalformedCommand(node.has("pod") ? "\"payload.pod\" must be a pod's name, was "
                    + node.get("pod") : "missing field \"payload.pod\"", commandId, null);
        }
        try {
            return Codec.json().treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new MalformedCommand("invalid payload for " + type.getSimpleName() + ": " + wrongValue(node, e),
                    commandId, e);
        }
    }

    /** {@code payload.serverSide} of an Apply: absent or null is a plain apply. */
    private static Apply.ServerSide serverSide(JsonNode node, String commandId) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || node.has("force") && !node.get("force").isBoolean()) {
            throw new MalformedCommand("\"payload.serverSide\" must be an object with a boolean \"force\", was "
                    + node, commandId, null);
        }
        return new Apply.ServerSide(node.path("force").asBoolean(false));
    }

    /** Where the text stops being JSON, in our words rather than the parser's. */
    private static String notJson(IOException e) {
        if (e instanceof StreamConstraintsException) {
            return "it nests deeper than " + Codec.MAX_NESTING_DEPTH + " levels";
        }
        if (e instanceof JsonProcessingException j && j.getLocation() != null && j.getLocation().getLineNr() > 0) {
            return "invalid character at line " + j.getLocation().getLineNr() + ", column "
                    + j.getLocation().getColumnNr();
        }
        return "unreadable";
    }

    /** {@code "payload.images.app" must be a string, was 5}: the field, what it must be, what it was. */
    private static String wrongValue(JsonNode payload, JsonProcessingException e) {
        StringBuilder path = new StringBuilder("payload");
        JsonNode at = payload;
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append('.').append(ref.getFieldName());
                    at = at == null ? null : at.get(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                    at = at == null ? null : at.get(ref.getIndex());
                }
            }
        }
        Class<?> target = e instanceof MismatchedInputException mi ? mi.getTargetType() : null;
        String expected = target == null ? "something else"
                : target == String.class ? "a string"
                : target == int.class || target == Integer.class || target == long.class || target == Long.class
                        ? "an integer"
                : java.util.Map.class.isAssignableFrom(target) ? "an object"
                : java.util.Collection.class.isAssignableFrom(target) ? "a list"
                : target == boolean.class || target == Boolean.class ? "a boolean" : "an object";
        return "\"" + path + "\" must be " + expected + (at == null ? "" : ", was " + at);
    }

    private static ObjectRef target(JsonNode node, String commandId) {
        if (node == null || !node.isObject()) {
            throw new MalformedCommand("missing field \"target\"", commandId, null);
        }
        String kind = text(node, "kind", commandId);
        String name = text(node, "name", commandId);
        if (!TARGET_KINDS.contains(kind)) {
            throw new MalformedCommand("\"target.kind\" must be one of " + TARGET_KINDS + ", was " + kind, commandId,
                    null);
        }
        if (name == null || name.isEmpty()) {
            throw new MalformedCommand("missing field \"target.name\"", commandId, null);
        }
        return new ObjectRef(kind, text(node, "namespace", commandId), name);
    }

    private static Instant instant(JsonNode root, Instant recordTime, String commandId) {
        String text = text(root, "issuedAt", commandId);
        if (text == null) {
            return recordTime;
        }
        try {
            return Instants.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedCommand("\"issuedAt\" is not an RFC 3339 time: " + text, commandId, e);
        }
    }

    private static String text(JsonNode node, String field, String commandId) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new MalformedCommand("\"" + field + "\" must be a string", commandId, null);
        }
        return v.textValue();
    }
}
