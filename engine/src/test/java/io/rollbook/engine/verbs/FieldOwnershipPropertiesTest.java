package io.rollbook.engine.verbs;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.fields.FieldPath;
import io.rollbook.api.fields.FieldSet;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ManagedFieldsEntry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-side applies of label sets by three managers with {@code --force-conflicts}, in any order:
 * a manager owns only fields of its last configuration (a later applier of another value took the
 * others), the last applier of a label owns it and gave it its value, every owned label is stored,
 * and a label nobody applies any more is gone.
 */
class FieldOwnershipPropertiesTest {

    private static final List<String> MANAGERS = List.of("a", "b", "c");

    record Step(String manager, Map<String, String> labels) {
    }

    @Property(tries = 50)
    void ownershipFollowsTheLastApplies(@ForAll("steps") List<Step> steps) {
        Simulation sim = new Simulation("nginx-deployment");
        sim.as("base", new Apply(FieldOwnershipTest.nginx(1, "app: nginx"), new Apply.ServerSide(true)));
        Map<String, Map<String, String>> lastApplied = new HashMap<>();
        Map<String, String> lastValue = new HashMap<>();
        Map<String, String> lastApplier = new HashMap<>();
        for (Step s : steps) {
            sim.now = sim.now.plusSeconds(1);
            sim.as(s.manager(), new Apply(labels(s.labels()), new Apply.ServerSide(true)));
            lastApplied.put(s.manager(), s.labels());
            lastValue.putAll(s.labels());
            s.labels().keySet().forEach(k -> lastApplier.put(k, s.manager()));
        }
        Map<String, String> stored = sim.state.deployment().metadata().labels();
        List<ManagedFieldsEntry> managed = sim.state.deployment().metadata().managedFields();
        for (Map.Entry<String, Map<String, String>> e : lastApplied.entrySet()) {
            ManagedFieldsEntry entry = managed.stream().filter(m -> m.manager().equals(e.getKey())).findFirst()
                    .orElse(null);
            FieldSet applied = FieldSet.of(e.getValue().keySet().stream().map(FieldOwnershipPropertiesTest::label)
                    .toList());
            FieldSet owns = entry == null ? FieldSet.EMPTY : entry.fields();
            assertThat(owns.minus(applied)).as("what %s owns beyond its last configuration", e.getKey()).isEmpty();
        }
        lastApplier.forEach((k, m) -> {
            if (lastApplied.get(m).containsKey(k)) {
                assertThat(managed).as("%s applied %s last", m, k)
                        .anyMatch(e -> e.manager().equals(m) && e.fields().contains(label(k)));
                assertThat(stored).containsEntry(k, lastValue.get(k));
            }
        });
        FieldSet owned = managed.stream().map(ManagedFieldsEntry::fields).reduce(FieldSet.EMPTY, FieldSet::union);
        for (String key : stored.keySet()) {
            assertThat(owned.contains(label(key))).as("label %s is owned", key).isTrue();
        }
        for (FieldPath p : owned) {
            if (p.elements().size() == 3 && p.elements().get(1).equals("f:labels")) {
                assertThat(stored).as("an owned label is stored").containsKey(p.elements().get(2).substring(2));
            }
        }
        stored.keySet().stream().filter(k -> !k.equals("app")).forEach(k -> assertThat(lastApplied.values())
                .as("%s is applied by someone", k).anyMatch(m -> m.containsKey(k)));
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Map<String, String>> labels = Arbitraries.maps(Arbitraries.of("x", "y", "z"),
                Arbitraries.of("1", "2")).ofMaxSize(3);
        return Combinators.combine(Arbitraries.of(MANAGERS), labels).as(Step::new).list().ofMinSize(1).ofMaxSize(8);
    }

    private static FieldPath label(String key) {
        return FieldPath.of("f:metadata", "f:labels", "f:" + key);
    }

    private static Deployment labels(Map<String, String> labels) {
        String yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx-deployment\n"
                + (labels.isEmpty() ? "" : "  labels:\n" + labels.entrySet().stream()
                .map(e -> "    " + e.getKey() + ": \"" + e.getValue() + "\"\n").collect(Collectors.joining()));
        return (Deployment) Manifests.parse(yaml).get(0);
    }
}
