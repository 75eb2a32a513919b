package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code v1 Namespace}. Rollbook keeps its labels, which NetworkPolicy namespace selectors match;
 * {@code spec} and {@code status} are kept verbatim.
 */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record Namespace(String apiVersion, String kind, ObjectMeta metadata, Map<String, Object> spec,
                        Map<String, Object> status) implements KubeObject {

    public static final String API_VERSION = "v1";
    public static final String KIND = "Namespace";

    public Namespace {
        metadata = metadata == null ? ObjectMeta.named(null, null) : metadata;
        spec = spec == null || spec.isEmpty() ? null : Maps.deepCopyFields(spec);
        status = status == null || status.isEmpty() ? null : Maps.deepCopyFields(status);
    }

    public static Namespace of(String name, Map<String, String> labels) {
        return new Namespace(API_VERSION, KIND, ObjectMeta.named(null, name).withLabels(labels), null, null);
    }

    /** A namespace is cluster-scoped: its key is its name. */
    @Override
    public String key() {
        return metadata.name();
    }

    /** The labels with {@value WellKnown#NAMESPACE_NAME_LABEL} added, as the API server stores them. */
    public Map<String, String> effectiveLabels() {
        Map<String, String> labels = withNameLabel().metadata().labels();
        return labels == null ? Map.of() : labels;
    }

    /**
     * The namespace as the API server stores it (core/v1 {@code SetDefaults_Namespace}): labelled
     * {@value WellKnown#NAMESPACE_NAME_LABEL} with its own name, whatever the manifest said.
     */
    public Namespace withNameLabel() {
        String name = metadata.name();
        if (name == null || name.equals(metadata.labels() == null ? null
                : metadata.labels().get(WellKnown.NAMESPACE_NAME_LABEL))) {
            return this;
        }
        Map<String, String> labels = new LinkedHashMap<>(metadata.labels() == null ? Map.of() : metadata.labels());
        labels.put(WellKnown.NAMESPACE_NAME_LABEL, name);
        return withMetadata(metadata.withLabels(labels));
    }

    public Namespace withMetadata(ObjectMeta value) {
        return new Namespace(apiVersion, kind, value, spec, status);
    }
}
