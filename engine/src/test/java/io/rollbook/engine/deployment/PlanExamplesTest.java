package io.rollbook.engine.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.codec.Manifests;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.Pod;
import io.rollbook.api.manifest.ReplicaSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan examples (test resources {@code plan-examples}; docs/contract.md, "plan"): one reconcile
 * must produce exactly the expected actions, status, annotations and events. Created ReplicaSet
 * names are compared by shape, since the hash of a Java dump cannot equal Go's.
 */
class PlanExamplesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String HASHED_NAME = "foo-[bcdfghjklmnpqrstvwxz2456789]{1,10}";

    @ParameterizedTest
    @ValueSource(strings = {"rolling-create-and-scale-down", "rolling-scale-down-old", "rolling-scale-up-new",
            "paused-proportional-scaling"})
    void plansLikeUpstream(String example) throws IOException {
        List<KubeObject> objects = Manifests.parse(read(example + ".input.json"));
        Deployment d = null;
        List<ReplicaSet> rss = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        for (KubeObject o : objects) {
            if (o instanceof Deployment dep) {
                d = dep;
            } else if (o instanceof ReplicaSet rs) {
                rss.add(rs);
            } else if (o instanceof Pod pod) {
                pods.add(pod);
            }
        }

        Plan plan = Reconciler.reconcile(d, rss, pods.isEmpty() ? null : pods, NOW);

        JsonNode expected = Codec.json().readTree(read(example + ".expected.json"));
        String createdName = plan.actions().stream().filter(a -> a instanceof Action.Create)
                .map(Action::replicaSet).findFirst().orElse(null);
        if (createdName != null) {
            assertThat(createdName).matches(HASHED_NAME);
        }
        assertThat(plan.deployment()).isEqualTo(expected.get("deployment").asText());
        assertThat(plan.path().wireName()).isEqualTo(expected.get("path").asText());
        assertThat(plan.fenceposts().maxSurge()).isEqualTo(expected.at("/fenceposts/maxSurge").asInt());
        assertThat(plan.fenceposts().maxUnavailable()).isEqualTo(expected.at("/fenceposts/maxUnavailable").asInt());
        assertThat(normalise(actions(plan), createdName)).isEqualTo(normalise(expected.get("actions"), null));
        assertThat(normalise(Codec.toTree(plan.status()), createdName))
                .isEqualTo(normalise(expected.get("status"), null));
        assertThat(Codec.toTree(plan.deploymentAnnotations())).isEqualTo(expected.get("deploymentAnnotations"));
        assertThat(normalise(Codec.toTree(plan.events()), createdName)).isEqualTo(normalise(expected.get("events"), null));
    }

    private static JsonNode actions(Plan plan) {
        ArrayNode out = Codec.json().createArrayNode();
        for (Action a : plan.actions()) {
            ObjectNode n = out.addObject();
            if (a instanceof Action.Create c) {
                n.put("action", "create").put("replicaSet", c.replicaSet()).put("replicas", c.replicas())
                        .put("revision", c.revision()).set("annotations", Codec.toTree(c.annotations()));
            } else if (a instanceof Action.Scale s) {
                n.put("action", "scale").put("replicaSet", s.replicaSet()).put("from", s.from()).put("to", s.to())
                        .set("annotations", Codec.toTree(s.annotations()));
            } else if (a instanceof Action.Annotate an) {
                n.put("action", "annotate").put("replicaSet", an.replicaSet())
                        .set("annotations", Codec.toTree(an.annotations()));
            } else if (a instanceof Action.Delete del) {
                n.put("action", "delete").put("replicaSet", del.replicaSet());
            }
        }
        return out;
    }

    /** Replaces the created ReplicaSet's name (ours) or any hashed foo-name (expected) with a placeholder. */
    private static JsonNode normalise(JsonNode node, String createdName) throws IOException {
        String text = Codec.toJson(node);
        text = createdName != null ? text.replace(createdName, "foo-HASH")
                : text.replaceAll("foo-(?!v[0-9])[bcdfghjklmnpqrstvwxz2456789]{1,10}", "foo-HASH");
        return Codec.json().readTree(text);
    }

    private static String read(String name) throws IOException {
        try (InputStream in = PlanExamplesTest.class.getResourceAsStream("/plan-examples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
