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

    static JsonNode json(String text) throws Exception {
        return Codec.json().readTree(text);
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

    @Test
    void inputsAreNotModified() throws Exception {
        JsonNode live = json(LIVE);
        Patches.strategic(live, json("{\"spec\":{\"replicas\":9}}"));
        Patches.merge(live, json("{\"spec\":{\"replicas\":9}}"));
        Patches.json(live, json("[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":9}]"));
        assertThat(live).isEqualTo(json(LIVE));
    }
}
