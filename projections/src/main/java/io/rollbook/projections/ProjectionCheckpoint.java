package io.rollbook.projections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.codec.Manifests;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.state.WorkloadSnapshot;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.history.RevisionLedger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The read model written whole, so a restart folds only the log's tail: every live aggregate, the
 * stored configuration objects, and the last offset applied per partition of {@code rollbook.events}.
 *
 * <p>Format: one header line {@code rollbook-projections-checkpoint <version> <crc32c hex> <length>}
 * then that many bytes of JSON (UTF-8), which the CRC32C covers. A reader refuses (with
 * {@link IllegalArgumentException} naming why) a file that is not one, a version it does not know, a
 * length or checksum that does not match, or JSON it cannot read: the caller then reads the log in
 * full. A release that changes what the read model holds writes a new version.
 */
public final class ProjectionCheckpoint {

    static final String MAGIC = "rollbook-projections-checkpoint";
    public static final int VERSION = 1;

    /** What a checkpoint holds. */
    record Contents(Map<Integer, Long> offsets, long position, List<AggregateProjection.Snapshot> aggregates,
                    Map<ObjectRef, KubeObject> config) {
    }

    private ProjectionCheckpoint() {
    }

    static byte[] encode(Contents c) {
        ObjectMapper json = Codec.json();
        ObjectNode root = json.createObjectNode();
        ObjectNode offsets = root.putObject("offsets");
        new TreeMap<>(c.offsets()).forEach((p, o) -> offsets.put(String.valueOf(p), o));
        root.put("position", c.position());
        ArrayNode aggregates = root.putArray("aggregates");
        for (AggregateProjection.Snapshot a : c.aggregates()) {
            ObjectNode n = aggregates.addObject();
            n.set("state", json.valueToTree(a.state()));
            n.set("ledger", json.valueToTree(a.ledger()));
            ArrayNode kube = n.putArray("kubeEvents");
            a.kubeEvents().forEach(e -> kube.add(envelope(e)));
            n.set("lastDeadline", envelope(a.lastDeadline()));
            n.set("lastCanaryMark", envelope(a.lastCanaryMark()));
            n.set("lastEventTimes", json.valueToTree(a.lastEventTimes()));
        }
        ArrayNode config = root.putArray("config");
        c.config().forEach((owner, o) -> config.addObject().putPOJO("owner", json.valueToTree(owner))
                .set("object", Codec.toTree(o)));
        byte[] body = Codec.toJson(root).getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(body);
        byte[] header = (MAGIC + " " + VERSION + " " + Long.toHexString(crc.getValue()) + " " + body.length + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, out, header.length, body.length);
        return out;
    }

    /** @throws IllegalArgumentException when {@code bytes} is not a whole, readable checkpoint of this version */
    static Contents decode(byte[] bytes) {
        int eol = 0;
        while (eol < bytes.length && eol < 200 && bytes[eol] != '\n') {
            eol++;
        }
        String[] header = new String(bytes, 0, eol, StandardCharsets.UTF_8).split(" ");
        if (eol >= bytes.length || header.length != 4 || !MAGIC.equals(header[0])) {
            throw new IllegalArgumentException("not a projections checkpoint");
        }
        if (!String.valueOf(VERSION).equals(header[1])) {
            throw new IllegalArgumentException("checkpoint version " + header[1] + " is unknown to this version ("
                    + VERSION + ")");
        }
        int length = bytes.length - eol - 1;
        if (!String.valueOf(length).equals(header[3])) {
            throw new IllegalArgumentException("checkpoint is " + length + " bytes long, its header says " + header[3]);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, eol + 1, length);
        if (!Long.toHexString(crc.getValue()).equals(header[2])) {
            throw new IllegalArgumentException("checkpoint checksum does not match its contents");
        }
        try {
            return contents(Codec.json().readTree(new String(bytes, eol + 1, length, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("checkpoint unreadable: " + e.getMessage(), e);
        }
    }

    private static Contents contents(JsonNode root) throws IOException {
        ObjectMapper json = Codec.json();
        Map<Integer, Long> offsets = new TreeMap<>();
        root.required("offsets").fields().forEachRemaining(f -> offsets.put(Integer.parseInt(f.getKey()),
                f.getValue().asLong()));
        List<AggregateProjection.Snapshot> aggregates = new ArrayList<>();
        for (JsonNode n : root.required("aggregates")) {
            List<EventEnvelope> kube = new ArrayList<>();
            for (JsonNode e : n.required("kubeEvents")) {
                kube.add(envelope(e));
            }
            aggregates.add(new AggregateProjection.Snapshot(
                    json.treeToValue(n.required("state"), WorkloadSnapshot.class),
                    json.treeToValue(n.required("ledger"), RevisionLedger.Snapshot.class), kube,
                    envelope(n.get("lastDeadline")), envelope(n.get("lastCanaryMark")),
                    List.of(json.treeToValue(n.required("lastEventTimes"), AggregateProjection.ObjectTime[].class))));
        }
        Map<ObjectRef, KubeObject> config = new LinkedHashMap<>();
        for (JsonNode c : root.required("config")) {
            JsonNode o = c.required("object");
            config.put(json.treeToValue(c.required("owner"), ObjectRef.class), Manifests.toObject(
                    new Manifests.Document(o.path("apiVersion").asText(null), o.path("kind").asText(null), o)));
        }
        return new Contents(offsets, root.required("position").asLong(), aggregates, config);
    }

    private static JsonNode envelope(EventEnvelope e) {
        if (e == null) {
            return Codec.json().nullNode();
        }
        try {
            return Codec.json().readTree(Events.encode(e));
        } catch (IOException ex) {
            throw new IllegalStateException("an event that does not encode: " + e.eventId(), ex);
        }
    }

    private static EventEnvelope envelope(JsonNode n) {
        return n == null || n.isNull() ? null : Events.decode(Codec.toJson(n).getBytes(StandardCharsets.UTF_8));
    }
}
