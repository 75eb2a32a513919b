package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The three patch types as kubectl sends them, on a Deployment's JSON. */
class PatchesTest {

    static final String LIVE = "{\"metadata\":{\"name\":\"nginx\",\"annotations\":{\"a\":\"1\","
            + "\"kubernetes.io/change-cause\":\"x\"}},\"spec\":{\"replicas\":3,\"paused\":true,"
            + "\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.14.2\","
            + "\"ports\":[{\"containerPort\":80}]},{\"name\":\"side\",\"image\":\"busybox\"}]}}}}";

    static JsonNode json(String text) {
        try {
            return Codec.json().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void strategicMergeMergesContainersByNameAndDropsDirectives() throws Exception {
        JsonNode out = Patches.strategic(json(LIVE), json("{\"spec\":{\"template\":{\"spec\":{"
                + "\"$setElementOrder/containers\":[{\"name\":\"side\"},{\"name\":\"nginx\"}],"
                + "\"containers\":[{\"image\":\"nginx:1.21\",\"name\":\"nginx\"}]}}}}"));
        JsonNode containers = out.at("/spec/template/spec/containers");
        assertThat(containers).hasSize(2);
        assertThat(containers.get(0).path("name").asText()).isEqualTo("side"); // the order hint is followed
        assertThat(containers.get(1).path("image").asText()).isEqualTo("nginx:1.21");
        assertThat(containers.get(1).at("/ports/0/containerPort").asInt()).as("ports kept").isEqualTo(80);
        assertThat(out.toString()).doesNotContain("$setElementOrder");
    }

    @Test
    void strategicMergeNullDeletesAndPatchDeleteRemovesAnElement() throws Exception {
        JsonNode out = Patches.strategic(json(LIVE), json("{\"metadata\":{\"annotations\":"
                + "{\"kubernetes.io/change-cause\":null}},\"spec\":{\"paused\":null,\"template\":{\"spec\":"
                + "{\"containers\":[{\"name\":\"side\",\"$patch\":\"delete\"}]}}}}"));
        assertThat(out.at("/metadata/annotations").has("kubernetes.io/change-cause")).isFalse();
        assertThat(out.at("/metadata/annotations/a").asText()).isEqualTo("1");
        assertThat(out.at("/spec").has("paused")).isFalse();
        assertThat(out.at("/spec/template/spec/containers")).hasSize(1);
    }

    @Test
    void mergePatchReplacesListsAndNullDeletes() throws Exception {
        JsonNode out = Patches.merge(json(LIVE), json("{\"spec\":{\"replicas\":5,\"paused\":null,"
                + "\"template\":{\"spec\":{\"containers\":[{\"name\":\"only\",\"image\":\"x\"}]}}}}"));
        assertThat(out.at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(out.at("/spec").has("paused")).isFalse();
        assertThat(out.at("/spec/template/spec/containers")).hasSize(1); // RFC 7386: lists are replaced
        assertThat(Patches.merge(json("{\"spec\":{\"replicas\":3}}"), json("{\"spec\":{\"replicas\":2}}")))
                .isEqualTo(json("{\"spec\":{\"replicas\":2}}"));
    }

    @Test
    void jsonPatchAsRolloutUndoSendsIt() throws Exception {
        JsonNode out = Patches.json(json(LIVE), json("[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":"
                + "{\"metadata\":{\"creationTimestamp\":null,\"labels\":{\"app\":\"nginx\"}},\"spec\":{\"containers\":"
                + "[{\"name\":\"nginx\",\"image\":\"nginx:1.16.1\"}]}}},{\"op\":\"replace\",\"path\":"
                + "\"/metadata/annotations\",\"value\":{\"deployment.kubernetes.io/revision\":\"4\"}}]"));
        assertThat(out.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.16.1");
        assertThat(out.at("/metadata/annotations")).isEqualTo(json("{\"deployment.kubernetes.io/revision\":\"4\"}"));
        JsonNode added = Patches.json(json(LIVE), json("[{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/-\","
                + "\"value\":{\"name\":\"c\"}},{\"op\":\"remove\",\"path\":\"/spec/paused\"},"
                + "{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":3}]"));
        assertThat(added.at("/spec/template/spec/containers/2/name").asText()).isEqualTo("c");
        assertThat(added.at("/spec").has("paused")).isFalse();
        assertThatThrownBy(() -> Patches.json(json(LIVE), json("[{\"op\":\"replace\",\"path\":\"/spec/nope\","
                + "\"value\":1}]"))).isInstanceOf(KubeStatus.class);
    }

    static KubeStatus refusal(Runnable patch) {
        try {
            patch.run();
        } catch (KubeStatus s) {
            return s;
        }
        throw new AssertionError("the patch was not refused");
    }

    static JsonNode strategic(String live, String patch) {
        return Patches.strategic(json(live), json(patch));
    }

    @Test
    void aDollarKeyThatIsNoDirectiveStaysAsAnUnknownFieldWhereTheApiServerNamesIt() throws Exception {
        JsonNode out = strategic(LIVE, "{\"spec\":{\"replicas\":5,\"$foo\":1,\"template\":{\"spec\":{\"containers\":"
                + "[{\"name\":\"side\",\"$bar\":{\"x\":1}}]}}},\"metadata\":{\"labels\":{\"$label\":\"v\"}}}");
        assertThat(Patches.unknownFields(out)).as("a key of labels is a key, not a field")
                .containsExactlyInAnyOrder("spec.$foo", "spec.template.spec.containers[1].$bar");
        JsonNode kept = Patches.withoutUnknownFields(out);
        assertThat(Patches.unknownFields(kept)).isEmpty();
        assertThat(kept.at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(kept.at("/metadata/labels/$label").asText()).isEqualTo("v");
    }

    @Test
    void patchDeleteOnAMapEmptiesItAndPatchReplaceReplacesIt() throws Exception {
        JsonNode deleted = strategic(LIVE, "{\"metadata\":{\"annotations\":{\"$patch\":\"delete\",\"b\":\"2\"}}}");
        assertThat(deleted.at("/metadata/annotations")).isEqualTo(json("{}"));
        assertThat(deleted.at("/metadata/name").asText()).isEqualTo("nginx");
        JsonNode replaced = strategic(LIVE, "{\"metadata\":{\"annotations\":{\"$patch\":\"replace\",\"b\":\"2\"}}}");
        assertThat(replaced.at("/metadata/annotations")).isEqualTo(json("{\"b\":\"2\"}"));
    }

    @Test
    void patchReplaceInAListOfContainersMakesTheRestOfThePatchTheWholeList() throws Exception {
        JsonNode out = strategic(LIVE, "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"$patch\":\"replace\"},"
                + "{\"name\":\"only\",\"image\":\"busybox:1\"}]}}}}");
        assertThat(out.at("/spec/template/spec/containers")).isEqualTo(json("[{\"name\":\"only\",\"image\":\"busybox:1\"}]"));
    }

    @Test
    void listDirectivesThatCannotBeAppliedAreRefusedInTheApiServersWords() {
        KubeStatus noKey = refusal(() -> strategic(LIVE, "{\"spec\":{\"template\":{\"spec\":{\"containers\":"
                + "[{\"$patch\":\"delete\"}]}}}}"));
        assertThat(noKey.code()).isEqualTo(400);
        assertThat(noKey.getMessage()).isEqualTo("map: map[$patch:delete] does not contain declared merge key: name");
        KubeStatus unknown = refusal(() -> strategic(LIVE, "{\"spec\":{\"replicas\":5,\"$patch\":\"frobnicate\"}}"));
        assertThat(unknown.getMessage()).isEqualTo("unknown patch type: frobnicate in map: map[$patch:frobnicate replicas:5]");
        assertThat(refusal(() -> strategic(LIVE, "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":"
                + "\"side\"}}}}")).getMessage()).isEqualTo("invalid patch format of setElementOrder list");
        assertThat(refusal(() -> strategic(LIVE, "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":\"a\"}}"))
                .getMessage()).isEqualTo("invalid patch format of primitive list");
        assertThat(refusal(() -> strategic(LIVE, "{\"spec\":{\"template\":{\"spec\":{\"containers\":"
                + "[{\"name\":\"side\",\"$patch\":\"merge\"}]}}}}")).getMessage())
                .isEqualTo("merging lists cannot yet be specified in the patch");
    }

    /** kubectl apply sends $retainKeys when a Deployment's strategy turns to Recreate. */
    @Test
    void retainKeysClearsTheFieldsItDoesNotName() {
        String live = "{\"spec\":{\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":1}}}}";
        JsonNode out = strategic(live, "{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"type\":\"Recreate\"}}}");
        assertThat(out.at("/spec/strategy")).isEqualTo(Codec.json().createObjectNode().put("type", "Recreate"));
        assertThat(refusal(() -> strategic(live, "{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],"
                + "\"rollingUpdate\":{\"maxSurge\":2}}}}")).getMessage()).isEqualTo("invalid patch format of retainKeys");
        assertThat(refusal(() -> strategic(live, "{\"spec\":{\"strategy\":{\"$retainKeys\":\"type\"}}}")).code())
                .isEqualTo(400);
    }

    @Test
    void finalizersMergeAndDeleteFromPrimitiveListRemovesValues() {
        String live = "{\"metadata\":{\"finalizers\":[\"a\",\"b\"]}}";
        assertThat(strategic(live, "{\"metadata\":{\"finalizers\":[\"c\",\"a\"]}}").at("/metadata/finalizers").toString())
                .isEqualTo("[\"a\",\"b\",\"c\"]");
        assertThat(strategic(live, "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"a\"]}}")
                .at("/metadata/finalizers").toString()).isEqualTo("[\"b\"]");
    }

    @Test
    void aValueTakenWholeLosesItsDirectives() {
        JsonNode out = strategic("{\"spec\":{}}", "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":"
                + "[{\"name\":\"a\"}],\"containers\":[{\"name\":\"a\"},{\"name\":\"b\",\"$patch\":\"delete\"}]}}}}");
        assertThat(out.at("/spec/template/spec/containers").toString()).isEqualTo("[{\"name\":\"a\"}]");
        assertThat(Patches.unknownFields(out)).isEmpty();
    }

    @Test
    void aJsonPatchThatDoesNotApplyIsTheApiServers422NamingNoResource() {
        for (String patch : new String[]{"[{\"op\":\"replace\",\"path\":\"/spec/nowhere/replicas\",\"value\":5}]",
                "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":4}]",
                "[{\"op\":\"frobnicate\",\"path\":\"/spec/replicas\"}]",
                "[{\"op\":\"add\",\"path\":\"/spec/replicas\"}]",
                "[{\"op\":\"remove\",\"path\":\"\"}]"}) {
            KubeStatus s = refusal(() -> Patches.json(json(LIVE), json(patch)));
            assertThat(s.code()).as(patch).isEqualTo(422);
            assertThat(s.body().path("reason").asText()).isEqualTo("Invalid");
            assertThat(s.getMessage()).isEqualTo("the server rejected our request due to an error in our request");
            assertThat(s.body().path("details")).as("details present, naming nothing").isEqualTo(json("{}"));
        }
        assertThat(refusal(() -> Patches.json(json(LIVE), json("{\"op\":\"add\"}"))).getMessage())
                .isEqualTo("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= Patches.MAX_JSON_PATCH_OPERATIONS; i++) {
            many.append(i == 0 ? "" : ",").append("{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":3}");
        }
        KubeStatus tooMany = refusal(() -> Patches.json(json(LIVE), json(many + "]")));
        assertThat(tooMany.code()).isEqualTo(413);
        assertThat(tooMany.getMessage()).isEqualTo("Request entity too large: The allowed maximum operations in a JSON"
                + " patch is 10000, got 10001");
    }

    @Test
    void inputsAreNotModified() throws Exception {
        JsonNode live = json(LIVE);
        Patches.strategic(live, json("{\"spec\":{\"replicas\":9}}"));
        Patches.merge(live, json("{\"spec\":{\"replicas\":9}}"));
        Patches.json(live, json("[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":9}]"));
        assertThat(live).isEqualTo(json(LIVE));
    }
}
