package io.rollbook.api.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Manifests;
import io.rollbook.api.manifest.KubeObject;

import java.util.Objects;

/**
 * A stored configuration object (Namespace, NetworkPolicy, NetworkAttachmentDefinition) was written
 * by apply: {@code object} is the whole object as stored, with the API server's defaults applied
 * and its metadata (namespace, uid, generation, creationTimestamp) set. Kept as its JSON tree so
 * that one event type carries every kind; {@link #manifest()} reads it back as its record.
 *
 * @param verb created or configured
 */
public record ObjectApplied(String verb, JsonNode object) implements RollbookEvent {

    public ObjectApplied {
        Objects.requireNonNull(object, "object");
        object = object.deepCopy(); // JsonNode is mutable; the event is not
    }

    /** The object as its typed record. */
    public KubeObject manifest() {
        return Manifests.toObject(new Manifests.Document(object.path("apiVersion").asText(null),
                object.path("kind").asText(null), object));
    }
}
