package io.rollbook.engine.deployment.util;

import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.PodSpec;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.WellKnown;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Template identity (FindNewReplicaSet): equal ignoring the pod-template-hash label, compared without copies. */
class ReplicaSetsTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "app=a              | app=a                     | true",
            "app=a              | app=a,pod-template-hash=x | true",  // hash on one side only
            "app=a,pod-template-hash=x | app=a,pod-template-hash=y | true",  // different hashes
            "pod-template-hash=x | ''                       | true",  // only the hash: same as no labels
            "app=a              | app=b                     | false",
            "app=a              | app=a,tier=web            | false",
            "app=a,tier=web     | app=a,pod-template-hash=x | false",  // same size, other key
            "''                 | ''                        | true",
    })
    void comparesLabelsIgnoringTheHash(String left, String right, boolean equal) {
        PodTemplateSpec a = template(labels(left), "web:v1");
        PodTemplateSpec b = template(labels(right), "web:v1");

        assertThat(ReplicaSets.equalIgnoreHash(a, b)).isEqualTo(equal);
        assertThat(ReplicaSets.equalIgnoreHash(b, a)).isEqualTo(equal);
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "null   | null   | true",
            "null   | empty  | true",   // a missing template compares as an empty one
            "empty  | hashed | true",   // labels holding only the hash count as none
            "null   | web    | false",
    })
    void comparesMissingTemplatesAsEmpty(String left, String right, boolean equal) {
        assertThat(ReplicaSets.equalIgnoreHash(named(left), named(right))).isEqualTo(equal);
        assertThat(ReplicaSets.equalIgnoreHash(named(right), named(left))).isEqualTo(equal);
    }

    @Property
    void agreesWithComparingCopiesWithoutTheHash(@ForAll("templates") PodTemplateSpec a,
                                                 @ForAll("templates") PodTemplateSpec b) {
        boolean byCopies = ReplicaSets.withoutHash(a).equals(ReplicaSets.withoutHash(b));

        assertThat(ReplicaSets.equalIgnoreHash(a, b)).isEqualTo(byCopies);
    }

    @Provide
    Arbitrary<PodTemplateSpec> templates() {
        Arbitrary<Map<String, String>> labels = Arbitraries.maps(
                Arbitraries.of("app", "tier", WellKnown.POD_TEMPLATE_HASH_LABEL), Arbitraries.of("a",
                        "b")).ofMaxSize(3);
        Arbitrary<Map<String, String>> annotations = Arbitraries.maps(
                Arbitraries.of("note"), Arbitraries.of("x", "y")).ofMaxSize(1);
        Arbitrary<String> images = Arbitraries.of("web:v1", "web:v2");
        return Combinators.combine(labels, annotations, images)
                .as((l, n, image) -> new PodTemplateSpec(ObjectMeta.named(null, null).withLabels(l).withAnnotations(n),
                        PodSpec.of(Container.of("web", image))))
                .injectNull(0.1);
    }

    private static PodTemplateSpec named(String which) {
        return switch (which) {
            case "null" -> null;
            case "empty" -> new PodTemplateSpec(null, null);
            case "hashed" -> new PodTemplateSpec(ObjectMeta.named(null, null)
                    .withLabels(Map.of(WellKnown.POD_TEMPLATE_HASH_LABEL, "x")), null);
            default -> template(Map.of("app", which), which);
        };
    }

    private static PodTemplateSpec template(Map<String, String> labels, String image) {
        return new PodTemplateSpec(ObjectMeta.named(null, null).withLabels(labels), PodSpec.of(Container.of("web", image)));
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (!text.isEmpty()) {
            for (String pair : text.split(",")) {
                String[] kv = pair.split("=");
                labels.put(kv[0], kv[1]);
            }
        }
        return labels;
    }
}
