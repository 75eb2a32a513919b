package io.rollbook.api.fields;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FieldSetTest {

    /** The applied configuration of examples/nginx-deployment.yaml, as kubectl apply --server-side sends it. */
    private static final String NGINX = """
            {"metadata": {"labels": {"app": "nginx"}},
             "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "nginx"}},
              "template": {"metadata": {"labels": {"app": "nginx"}},
               "spec": {"containers": [{"name": "nginx", "image": "nginx:1.14.2",
                                        "ports": [{"containerPort": 80}]}]}}}}""";

    @Test
    void anAppliedConfigurationIsTheApiServersFieldsV1() {
        FieldSet set = Fields.set(json(NGINX));
        // the selector is atomic, items of associative lists are members themselves ("."), a port is
        // keyed by containerPort and its defaulted protocol
        assertThat(set.toFieldsV1()).isEqualTo(json("""
                {"f:metadata": {"f:labels": {"f:app": {}}},
                 "f:spec": {"f:replicas": {}, "f:selector": {},
                  "f:template": {"f:metadata": {"f:labels": {"f:app": {}}},
                   "f:spec": {"f:containers": {"k:{\\"name\\":\\"nginx\\"}": {".": {}, "f:image": {}, "f:name": {},
                     "f:ports": {"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}": {".": {}, "f:containerPort": {}}}}}}}}}
                """));
        assertThat(FieldSet.fromFieldsV1(set.toFieldsV1())).isEqualTo(set);
    }

    @Test
    void pathsPrintAsConflictsNameThem() {
        FieldSet set = Fields.set(json(NGINX));
        assertThat(set).extracting(FieldPath::toString).contains(".spec.replicas",
                ".spec.template.spec.containers[name=\"nginx\"].image",
                ".spec.template.spec.containers[name=\"nginx\"].ports[containerPort=80,protocol=\"TCP\"]");
        assertThat(Fields.set(json("{\"metadata\": {\"finalizers\": [\"a\"]}}")))
                .extracting(FieldPath::toString).containsExactly(".metadata.finalizers[=\"a\"]");
    }

    @Test
    void changedHoldsAddedAndModifiedFieldsOnly() {
        JsonNode before = json("{\"spec\": {\"replicas\": 3, \"paused\": false}}");
        JsonNode after = json("{\"spec\": {\"replicas\": 5, \"paused\": false, \"minReadySeconds\": 2}}");
        assertThat(Fields.changed(before, after)).extracting(FieldPath::toString)
                .containsExactly(".spec.minReadySeconds", ".spec.replicas");
        assertThat(Fields.removed(after, before)).extracting(FieldPath::toString)
                .containsExactly(".spec.minReadySeconds");
    }

    @Test
    void mergeKeepsLiveItemsTheConfigurationDoesNotName() {
        JsonNode live = json("{\"spec\": {\"containers\": [{\"name\": \"a\", \"image\": \"a:1\"},"
                + " {\"name\": \"b\", \"image\": \"b:1\"}], \"selector\": {\"matchLabels\": {\"x\": \"1\"}}}}");
        JsonNode config = json("{\"spec\": {\"containers\": [{\"name\": \"b\", \"image\": \"b:2\"}],"
                + " \"selector\": {\"matchLabels\": {\"y\": \"2\"}}}}");
        assertThat(Fields.merge(live, config)).isEqualTo(json("{\"spec\": {\"containers\": [{\"name\": \"a\","
                + " \"image\": \"a:1\"}, {\"name\": \"b\", \"image\": \"b:2\"}], \"selector\": {\"matchLabels\":"
                + " {\"y\": \"2\"}}}}")); // the selector is atomic: replaced whole
    }

    @Test
    void removeTakesOutFieldsAndListItems() {
        JsonNode live = json("{\"metadata\": {\"labels\": {\"app\": \"x\", \"tier\": \"web\"}},"
                + " \"spec\": {\"containers\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}}");
        FieldSet gone = FieldSet.of(FieldPath.of("f:metadata", "f:labels", "f:tier"),
                FieldPath.of("f:spec", "f:containers", "k:{\"name\":\"b\"}"));
        assertThat(Fields.remove(live, gone)).isEqualTo(json("{\"metadata\": {\"labels\": {\"app\": \"x\"}},"
                + " \"spec\": {\"containers\": [{\"name\": \"a\"}]}}"));
    }

    @Test
    void setOperations() {
        FieldPath a = FieldPath.of("f:spec", "f:replicas");
        FieldPath b = FieldPath.of("f:spec", "f:paused");
        FieldSet ab = FieldSet.of(a, b);
        assertThat(ab.minus(FieldSet.of(a))).isEqualTo(FieldSet.of(b));
        assertThat(ab.intersect(FieldSet.of(a))).isEqualTo(FieldSet.of(a));
        assertThat(FieldSet.of(a).union(FieldSet.of(b))).isEqualTo(ab);
        assertThat(ab.containsPrefixOf(FieldPath.of("f:spec"))).isTrue();
        assertThat(ab.containsPrefixOf(FieldPath.of("f:metadata"))).isFalse();
    }

    private static JsonNode json(String text) {
        try {
            return Codec.json().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
