package io.rollbook.engine.deployment.util;

import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.PodSpec;
import io.rollbook.api.manifest.PodTemplateSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.rollbook.engine.deployment.Builders.template;
import static org.assertj.core.api.Assertions.assertThat;

/** ComputeHash: shape, stability and collision handling of the pod-template-hash (not Go's literal values). */
class TemplateHashTest {

    private static final String ALPHABET_ONLY = "[bcdfghjklmnpqrstvwxz2456789]{1,10}";

    /** The base template with labels and pod-spec fields inserted in the given order. */
    private static PodTemplateSpec ordered(boolean reversed) {
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, Object> containerFields = new LinkedHashMap<>();
        List<Runnable> puts = new ArrayList<>(List.of(
                () -> labels.put("app", "foo"), () -> labels.put("tier", "web"),
                () -> fields.put("restartPolicy", "Always"), () -> fields.put("dnsPolicy", "ClusterFirst"),
                () -> containerFields.put("imagePullPolicy", "IfNotPresent"),
                () -> containerFields.put("env", List.of(Map.of("name", "A", "value", "1")))));
        if (reversed) {
            java.util.Collections.reverse(puts);
        }
        puts.forEach(Runnable::run);
        Container container = new Container("app", "foo:v1", containerFields);
        return new PodTemplateSpec(ObjectMeta.named(null, null).withLabels(labels),
                new PodSpec(null, List.of(container), fields));
    }

    @Test
    void givenSameTemplate_whenHashedTwice_thenSameHash() {
        assertThat(TemplateHash.compute(ordered(false), null)).isEqualTo(TemplateHash.compute(ordered(false), null));
        assertThat(TemplateHash.compute(template("foo:v1"), 3)).isEqualTo(TemplateHash.compute(template("foo:v1"), 3));
    }

    @Test
    void givenSameTemplateWrittenInAnotherKeyOrder_whenHashed_thenSameHash() {
        assertThat(ordered(true)).isEqualTo(ordered(false));

        assertThat(TemplateHash.compute(ordered(true), null)).isEqualTo(TemplateHash.compute(ordered(false), null));
    }

    @Test
    void givenFixedTemplate_whenHashed_thenValueIsPinnedAcrossRuns() {
        // Pinned: changing the dump renames every ReplicaSet Rollbook ever created.
        assertThat(TemplateHash.compute(template("foo:v1"), null)).isEqualTo(PINNED_V1);
    }

    private static final String PINNED_V1 = "98666c57";

    static Stream<Arguments> variants() {
        PodTemplateSpec base = template("foo:v1");
        return Stream.of(
                Arguments.of("other image", template("foo:v2")),
                Arguments.of("extra label", base.withMetadata(base.metadata().withLabels(Map.of("app", "foo", "x", "y")))),
                Arguments.of("template annotation", base.withMetadata(base.metadata()
                        .withAnnotations(Map.of("kubectl.kubernetes.io/restartedAt", "2026-01-01T00:00:00Z")))),
                Arguments.of("container renamed", base.withSpec(PodSpec.of(Container.of("web", "foo:v1")))),
                Arguments.of("pod spec field", base.withSpec(new PodSpec(null, base.spec().containers(),
                        Map.of("restartPolicy", "Never")))),
                Arguments.of("second container", base.withSpec(PodSpec.of(Container.of("app", "foo:v1"),
                        Container.of("side", "envoy:1")))));
    }

    @ParameterizedTest(name = "{0} changes the hash")
    @MethodSource("variants")
    void givenDifferentTemplate_whenHashed_thenHashDiffers(String change, PodTemplateSpec variant) {
        assertThat(TemplateHash.compute(variant, null)).isNotEqualTo(TemplateHash.compute(template("foo:v1"), null));
    }

    @Test
    void givenCollisionCount_whenHashed_thenEachCountGivesAnotherHash() {
        List<Integer> counts = java.util.Arrays.asList(null, 0, 1, 2, 3, 255, 256, 1000, Integer.MAX_VALUE);
        List<String> hashes = new ArrayList<>();
        for (Integer count : counts) {
            hashes.add(TemplateHash.compute(template("foo:v1"), count));
        }

        assertThat(new HashSet<>(hashes)).as("hashes %s", hashes).hasSize(counts.size());
    }

    @ParameterizedTest(name = "image {0}, collisionCount {1}")
    @CsvSource(value = {"foo:v1, NULL", "foo:v2, 0", "nginx:1.25, 1", "a, 7", "registry.example/x/y:z, 2147483647"},
            nullValues = "NULL")
    void hashIsOneToTenCharactersOfTheVowelFreeAlphabet(String image, Integer collisionCount) {
        assertThat(TemplateHash.compute(template(image), collisionCount)).matches(ALPHABET_ONLY);
    }

    @ParameterizedTest(name = "\"{0}\" encodes to \"{1}\"")
    @CsvSource({
            "0123456789, 456789bcdf", // ComputeHash: ASCII code mod 27 through the alphabet
            "4294967295, 86f8fbc6f9", // the largest uint32
            "0, 4",
    })
    void digitsMapThroughTheAlphabetByAsciiCodeMod27(String decimal, String encoded) {
        assertThat(TemplateHash.safeEncode(decimal)).isEqualTo(encoded);
    }
}
