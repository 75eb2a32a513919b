package io.rollbook.api.manifest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Container and PodSpec write their equality out; it must stay the record's: every component, nothing else. */
class TemplateEqualityTest {

    private static final Map<String, Object> PORTS = Map.of("ports", List.of(Map.of("containerPort", 8080)));

    @Test
    void containersAreEqualWhenNameImageAndFieldsAre() {
        Container c = new Container("web", "web:v1", PORTS);

        assertThat(c).isEqualTo(new Container("web", "web:v1", Map.of("ports", List.of(Map.of("containerPort", 8080)))))
                .hasSameHashCodeAs(new Container("web", "web:v1", PORTS));
        assertThat(c).isNotEqualTo(new Container("api", "web:v1", PORTS))
                .isNotEqualTo(new Container("web", "web:v2", PORTS))
                .isNotEqualTo(new Container("web", "web:v1", Map.of()))
                .isNotEqualTo(new Container(null, "web:v1", PORTS))
                .isNotEqualTo(null)
                .isNotEqualTo("web");
        assertThat(new Container(null, null, null)).isEqualTo(new Container(null, null, Map.of()));
    }

    @Test
    void podSpecsAreEqualWhenContainersInitContainersAndFieldsAre() {
        PodSpec s = new PodSpec(null, List.of(Container.of("web", "web:v1")), Map.of("restartPolicy", "Always"));

        assertThat(s).isEqualTo(new PodSpec(List.of(), List.of(Container.of("web", "web:v1")),
                Map.of("restartPolicy", "Always"))).hasSameHashCodeAs(new PodSpec(null, List.of(Container.of("web", "web:v1")),
                Map.of("restartPolicy", "Always")));
        assertThat(s).isNotEqualTo(s.withContainers(List.of(Container.of("web", "web:v2"))))
                .isNotEqualTo(s.withInitContainers(List.of(Container.of("init", "busybox"))))
                .isNotEqualTo(new PodSpec(null, List.of(Container.of("web", "web:v1")), Map.of()))
                .isNotEqualTo(null);
        assertThat(new PodSpec(null, null, null)).isEqualTo(new PodSpec(null, List.of(), Map.of()));
    }
}
