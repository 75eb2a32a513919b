package io.rollbook.api.manifest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

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

    /**
     * Maps made here behave as the LinkedHashMap they replace: order, look-ups, equality, printing.
     * Random key lists (with repeats) of up to 40 keys, so both scanned and indexed maps are covered.
     */
    @Test
    void behavesAsALinkedHashMap() {
        Random random = new Random(42);
        for (int run = 0; run < 2000; run++) {
            List<String> keys = new ArrayList<>();
            int size = random.nextInt(41);
            for (int i = 0; i < size; i++) {
                keys.add(Integer.toString(random.nextInt(60), 36));
            }
            comparesWithLinkedHashMap(keys, random.nextInt(46));
        }
    }

    private static void comparesWithLinkedHashMap(List<String> keys, int probe) {
        LinkedHashMap<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            expected.put(keys.get(i), i % 7 == 3 ? null : "v" + i); // some null values, as JSON can hold
        }
        Map<String, String> frozen = Maps.copy(expected);
        if (expected.isEmpty()) {
            assertThat(frozen).isNull();
            return;
        }
        String key = probe < keys.size() ? keys.get(probe) : "absent" + probe;

        assertThat(new ArrayList<>(frozen.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
        assertThat(new ArrayList<>(frozen.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
        assertThat(new ArrayList<>(frozen.values())).isEqualTo(new ArrayList<>(expected.values()));
        assertThat(frozen).isEqualTo(expected).isEqualTo(new HashMap<>(expected));
        assertThat(expected).isEqualTo(frozen);
        assertThat(frozen.hashCode()).isEqualTo(expected.hashCode());
        assertThat(frozen.toString()).isEqualTo(expected.toString());
        assertThat(frozen.size()).isEqualTo(expected.size());
        assertThat(frozen.get(key)).isEqualTo(expected.get(key));
        assertThat(frozen.containsKey(key)).isEqualTo(expected.containsKey(key));
        assertThat(frozen.getOrDefault(key, "dflt")).isEqualTo(expected.getOrDefault(key, "dflt"));
        assertThat(frozen.containsValue("v1")).isEqualTo(expected.containsValue("v1"));
        List<String> visited = new ArrayList<>();
        frozen.forEach((k, v) -> visited.add(k + "=" + v));
        List<String> expectedVisits = new ArrayList<>();
        expected.forEach((k, v) -> expectedVisits.add(k + "=" + v));
        assertThat(visited).isEqualTo(expectedVisits);

        LinkedHashMap<String, String> withExpected = new LinkedHashMap<>(expected);
        withExpected.put(key, "new");
        assertThat(new ArrayList<>(Maps.with(frozen, key, "new").entrySet()))
                .isEqualTo(new ArrayList<>(withExpected.entrySet()));
        LinkedHashMap<String, String> withoutExpected = new LinkedHashMap<>(expected);
        withoutExpected.remove(key);
        Map<String, String> without = Maps.without(frozen, key);
        if (withoutExpected.isEmpty()) {
            assertThat(without).isNull();
        } else {
            assertThat(new ArrayList<>(without.entrySet())).isEqualTo(new ArrayList<>(withoutExpected.entrySet()));
            assertThat(without.get(key)).isNull();
        }
        assertThat(frozen).isEqualTo(expected); // unchanged by with/without
    }
}
