package io.rollbook.api.codec;

import io.rollbook.api.command.Apply;
import io.rollbook.api.manifest.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parsing half of the hostile-input catalogue: each input fails fast with a clear message. */
class HostileManifestTest {

    static final String HEAD = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n";

    private static void refused(String text, String message) {
        assertThatThrownBy(() -> Manifests.parse(text)).isInstanceOf(ManifestException.class)
                .hasMessageContaining(message);
    }

    @Test
    void unreadableYaml() {
        refused("kind: [unclosed\n  - :\n", "error converting YAML to JSON: yaml: line 2: did not find expected ',' or ']'");
        refused("apiVersion: apps/v1\nkind: Deployment\n\tmetadata: x\n",
                "error converting YAML to JSON: yaml: line 3: found character that cannot start any token");
        refused("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: a: b\n",
                "error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context");
        refused("just a string\n", "error validating data: expected an object, got string");
    }

    @Test
    void unknownKindOrApiVersion() {
        refused("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: x}\n",
                "no matches for kind \"StatefulSet\" in version \"apps/v1\"");
        refused("apiVersion: apps/v2\nkind: Deployment\nmetadata: {name: x}\n",
                "no matches for kind \"Deployment\" in version \"apps/v2\"");
        refused("apiVersion: apps/v1\nmetadata: {name: x}\n", "error validating data: kind not set");
    }

    @Test
    void wrongFieldTypesAreRefusedAsTheApiServersDecoderSaysIt() {
        String cannot = "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal ";
        refused(HEAD + "spec: {replicas: \"3\"}\n", cannot + "string into Go struct field DeploymentSpec.spec.replicas of type int32");
        refused(HEAD.replace("{name: x}", "{name: x, labels: {a: 1}}"),
                cannot + "number 1 into Go struct field ObjectMeta.metadata.labels of type string");
        refused(HEAD + "spec: {strategy: {rollingUpdate: {maxSurge: {a: 1}}}}\n", cannot
                + "object into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type intstr.IntOrString");
        refused(HEAD + "spec: {template: {spec: {containers: nope}}}\n",
                cannot + "string into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container");
        refused(HEAD + "spec: {template: {spec: {containers: [{name: a, image: 5}]}}}\n",
                cannot + "number 5 into Go struct field Container.spec.template.spec.containers.image of type string");
        refused(HEAD + "spec: {paused: yes please}\n", cannot + "string into Go struct field DeploymentSpec.spec.paused of type bool");
    }

    @Test
    void noDecodersWordsReachTheUser() {
        for (String text : new String[] {HEAD + "spec: {replicas: \"3\"}\n", HEAD + "spec: {selector: {matchLabels: [a]}}\n",
                HEAD + "spec: {template: {spec: {containers: nope}}}\n", "kind: [unclosed\n", HEAD + "spec: {replicas: 3000000000}\n"}) {
            assertThatThrownBy(() -> Manifests.parse(text)).isInstanceOf(ManifestException.class)
                    .message().doesNotContain("Cannot ").doesNotContain("java.").doesNotContain("coerce")
                    .doesNotContain("Jackson").doesNotContain("while parsing");
        }
    }

    @Test
    void replicasBeyondInt32() {
        refused(HEAD + "spec: {replicas: 3000000000}\n",
                "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal number 3000000000"
                        + " into Go struct field DeploymentSpec.spec.replicas of type int32");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void yamlAliasBombsAreRefused() {
        // each level aliases the previous one ten times: 10^9 strings when expanded
        StringBuilder bomb = new StringBuilder(HEAD + "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 9; i++) {
            bomb.append("l").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j > 0 ? ", " : "").append("*l").append(i - 1);
            }
            bomb.append("]\n");
        }
        refused(bomb.toString(), "the document expands to more than 100000 nodes through its aliases");
        refused(bomb.append("m: [").append("*l8, ".repeat(30)).append("*l8]\n").toString(),
                "yaml: document contains excessive aliasing (more than 100 aliases of collections)");
    }

    @Test
    void ordinaryAnchorsAndAliasesResolve() {
        // Jackson's YAML parser alone turns "*app" into the string "app"
        Deployment d = (Deployment) Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, labels: &app {app: web}}
                spec:
                  replicas: 2
                  selector: {matchLabels: *app}
                  template:
                    metadata: {labels: *app}
                    spec: {containers: [{name: app, image: "app:v1"}]}
                """).get(0);
        assertThat(d.spec().template().metadata().labels()).containsEntry("app", "web");
        assertThat(d.spec().selector().matchLabels()).containsEntry("app", "web");
        assertThat(d.spec().replicas()).isEqualTo(2);
    }

    @Test
    void deeplyNestedDocuments() {
        refused(HEAD + "x: " + "[".repeat(5000) + "]".repeat(5000) + "\n",
                "error converting YAML to JSON: yaml: the document nests deeper than 100 levels");
        refused("{\"apiVersion\":\"apps/v1\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                "error converting YAML to JSON: yaml: the document nests deeper than 100 levels");
    }

    @Test
    void manifestsOverTheLimit() {
        refused(HEAD.replace("{name: x}", "{name: x, annotations: {a: " + "x".repeat(3_200_000) + "}}"),
                "the limit is 3145728");
        Deployment big = (Deployment) Manifests.parse(
                HEAD.replace("{name: x}", "{name: x, annotations: {a: " + "x".repeat(1_100_000) + "}}")).get(0);
        assertThatThrownBy(() -> new Apply(big)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the manifest of Deployment \"x\" is 1100")
                .hasMessageEndingWith("bytes as JSON; the limit is 1032192 bytes (1 MiB less room for the envelope)");
    }
}
