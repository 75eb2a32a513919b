package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;
import java.util.Objects;

/**
 * A container of a pod template. Name and image are typed because rollouts change them; every
 * other field (ports, env, resources, probes, ...) is kept verbatim in {@link #fields()}.
 */
@JsonPropertyOrder({"name", "image"})
public record Container(String name, String image, @JsonAnySetter Map<String, Object> fields) {

    public Container {
        fields = Maps.deepCopyFields(fields);
    }

    public static Container of(String name, String image) {
        return new Container(name, image, Map.of());
    }

    @JsonAnyGetter
    public Map<String, Object> fields() {
        return fields;
    }

    /**
     * The record's equality, written out so that the cheap, usually differing fields (name, image)
     * are compared before the deep {@code fields} map, with no method-handle dispatch: templates
     * are compared on every reconcile. The generated hashCode agrees with it.
     */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Container c && Objects.equals(name, c.name) && Objects.equals(image, c.image)
                && fields.equals(c.fields);
    }

    public Container withImage(String value) {
        return new Container(name, value, fields);
    }
}
