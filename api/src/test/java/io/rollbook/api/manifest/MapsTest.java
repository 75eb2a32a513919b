package io.rollbook.api.manifest;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MapsTest {

    @Test
    void copyKeepsOrderCannotChangeAndIsNotCopiedAgain() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("b", "1");
        source.put("a", "2");

        Map<String, String> copy = Maps.copy(source);
        source.put("c", "3");

        assertThat(copy).containsExactly(Map.entry("b", "1"), Map.entry("a", "2"));
        assertThat(Maps.copy(copy)).isSameAs(copy);
        assertThat(copy).isEqualTo(Map.of("a", "2", "b", "1")).hasSameHashCodeAs(Map.of("a", "2", "b", "1"));
        assertThatThrownBy(() -> copy.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue("y"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.keySet().remove("a")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void emptyIsAbsent() {
        assertThat(Maps.copy(Map.<String, String>of())).isNull();
        assertThat(Maps.without(Map.of("a", "1"), "a")).isNull();
    }

    @Test
    void withAndWithoutChangeOnlyTheirKey() {
        Map<String, String> base = Maps.copy(Map.of("a", "1"));

        assertThat(Maps.with(base, "a", "1")).isSameAs(base);
        assertThat(Maps.with(base, "a", "2")).isEqualTo(Map.of("a", "2"));
        assertThat(Maps.with(base, "b", "2")).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(Maps.with(null, "b", "2")).isEqualTo(Map.of("b", "2"));
        assertThat(Maps.without(base, "b")).isSameAs(base);
        assertThat(base).isEqualTo(Map.of("a", "1"));
    }

    @Test
    void recordsShareTheirMapsAcrossCopies() {
        ObjectMeta meta = ObjectMeta.named("ns", "n").withLabels(Map.of("app", "web"));

        assertThat(meta.withName("m").labels()).isSameAs(meta.labels());
    }
}
