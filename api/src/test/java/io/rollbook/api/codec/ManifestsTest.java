package io.rollbook.api.codec;

import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.value.IntOrPercent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestsTest {

    private static String example(String name) throws IOException {
        return Files.readString(Path.of("..", "examples", name));
    }

    @Test
    void readsTheNginxDeploymentWithItsComments() throws IOException {
        List<KubeObject> objects = Manifests.parse(example("nginx-deployment.yaml"));

        assertThat(objects).hasSize(1);
        Deployment d = (Deployment) objects.get(0);
        assertThat(d.metadata().name()).isEqualTo("nginx-deployment");
        assertThat(d.spec().replicas()).isEqualTo(3);
        assertThat(d.spec().strategy().rollingUpdate().maxSurge()).isEqualTo(IntOrPercent.ofInt(1));
        assertThat(d.spec().strategy().rollingUpdate().maxUnavailable()).isEqualTo(IntOrPercent.ofInt(1));
        Container nginx = d.spec().template().spec().containers().get(0);
        assertThat(nginx.image()).isEqualTo("nginx:1.14.2");
        assertThat(nginx.fields()).containsEntry("ports", List.of(Map.of("containerPort", 80)));
    }

    @Test
    void readsEverySeedManifest() throws IOException {
        assertThat(Manifests.parse(example("myapp-replicaset.yaml")).get(0)).isInstanceOf(ReplicaSet.class);
        Deployment myapp = (Deployment) Manifests.parse(example("myapp-deployment.yaml")).get(0);
        assertThat(myapp.metadata().annotation("kubernetes.io/change-cause")).isEqualTo("initial release");
        assertThat(myapp.spec().template().spec().containers().get(0).fields()).containsKeys("resources", "env");
        Deployment recreate = (Deployment) Manifests.parse(example("recreate-deployment.yaml")).get(0);
        assertThat(recreate.spec().strategy().isRecreate()).isTrue();
    }

    @Test
    void roundTripsUnknownPodFieldsVerbatim() throws IOException {
        Deployment d = (Deployment) Manifests.parse(example("myapp-deployment.yaml")).get(0);

        Deployment again = (Deployment) Manifests.parse(Codec.toYaml(d)).get(0);

        assertThat(again).isEqualTo(d);
    }

    @Test
    void flattensListsAndMultipleDocuments() throws IOException {
        String text = example("nginx-deployment.yaml") + "\n---\n" + example("myapp-replicaset.yaml") + "\n---\n";
        assertThat(Manifests.parse(text)).hasSize(2);

        String list = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
                + Codec.toJson(Manifests.parse(example("nginx-deployment.yaml")).get(0)) + "]}";
        assertThat(Manifests.parse(list)).hasSize(1);
    }

    @Test
    void percentagesStayStrings() {
        Deployment d = (Deployment) Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  strategy: {rollingUpdate: {maxSurge: "30%", maxUnavailable: 0}}
                """).get(0);
        assertThat(d.spec().strategy().rollingUpdate().maxSurge()).isEqualTo(IntOrPercent.ofString("30%"));
        assertThat(Codec.toJson(d.spec().strategy())).isEqualTo("{\"rollingUpdate\":{\"maxUnavailable\":0,\"maxSurge\":\"30%\"}}");
    }

    @Test
    void rejectsWhatItCannotRead() {
        assertThatThrownBy(() -> Manifests.parse("kind: [unclosed"))
                .isInstanceOf(ManifestException.class).hasMessageStartingWith("error converting YAML to JSON");
        assertThatThrownBy(() -> Manifests.parse("apiVersion: apps/v1\nmetadata: {name: x}\n"))
                .hasMessage("error validating data: kind not set");
        assertThatThrownBy(() -> Manifests.parse("apiVersion: apps/v2\nkind: Deployment\n"))
                .hasMessage("no matches for kind \"Deployment\" in version \"apps/v2\"");
        assertThatThrownBy(() -> Manifests.parse("apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: many}\n"))
                .hasMessageContaining("spec.replicas");
    }

    @Test
    void refusesYamlAliasBombsInsteadOfExpandingThem() {
        StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*")
                    .append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*")
                    .append(p).append(",*").append(p).append(",*").append(p).append("]\n");
        }
        bomb.append("kind: Deployment\napiVersion: apps/v1\n");

        // aliases resolve (HostileManifestTest), but nine to the tenth power of nodes is refused, not built
        assertThatThrownBy(() -> Manifests.documents(bomb.toString())).isInstanceOf(ManifestException.class)
                .hasMessage("error converting YAML to JSON: the document expands to more than 100000 nodes through "
                        + "its aliases");
    }

    @Test
    void yamlOutputKeepsNumericLookingStringsAsStrings() throws IOException {
        Deployment d = (Deployment) Manifests.parse(example("nginx-deployment.yaml")).get(0);
        Deployment annotated = d.withMetadata(d.metadata().withAnnotations(
                Map.of("deployment.kubernetes.io/revision", "4", "flag", "true")));

        String yaml = Codec.toYaml(annotated);

        assertThat(yaml).contains("deployment.kubernetes.io/revision: \"4\"");
        assertThat(Manifests.parse(yaml).get(0)).isEqualTo(annotated);
    }
}
