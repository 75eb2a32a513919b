package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pod spec: containers typed, every other field (volumes, nodeSelector, restartPolicy, ...) kept
 * verbatim in {@link #fields()} so that templates compare and hash as the user wrote them.
 */
@JsonPropertyOrder({"initContainers", "containers"})
public record PodSpec(List<Container> initContainers, List<Container> containers,
                      @JsonAnySetter Map<String, Object> fields) {

    public PodSpec {
        initContainers = Maps.copy(initContainers);
        containers = containers == null ? List.of() : List.copyOf(containers);
        fields = Maps.deepCopyFields(fields);
    }

    public static PodSpec of(Container... containers) {
        return new PodSpec(null, List.of(containers), Map.of());
    }

    @JsonAnyGetter
    public Map<String, Object> fields() {
        return fields;
    }

    public Object field(String name) {
        return fields.get(name);
    }

    /**
     * The record's equality, written out (see {@link Container#equals}): containers first, as they
     * are what rollouts change. The generated hashCode agrees with it.
     */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof PodSpec s && containers.equals(s.containers)
                && Objects.equals(initContainers, s.initContainers) && fields.equals(s.fields);
    }

    public PodSpec withContainers(List<Container> value) {
        return new PodSpec(initContainers, value, fields);
    }

    public PodSpec withInitContainers(List<Container> value) {
        return new PodSpec(value, containers, fields);
    }
}
