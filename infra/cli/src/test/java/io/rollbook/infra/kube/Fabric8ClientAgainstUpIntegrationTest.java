package io.rollbook.infra.kube;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The fabric8 Kubernetes client, as a platform team's own Java tooling drives an API server, against
 * {@code up}: create, get, list, watch, the three patch types, scale, status and delete of a
 * Deployment, with the content types and query parameters (booleans included) the library sends.
 */
class Fabric8ClientAgainstUpIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    static KubectlHarness up;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        up = new KubectlHarness(dir);
        Config config = new ConfigBuilder().withMasterUrl(up.url()).withNamespace("default").withTrustCerts(true)
                .withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (up != null) {
            up.close();
        }
    }

    private static Deployment web(String image) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("web").withImage(image)
                        .withPorts(new ContainerPortBuilder().withContainerPort(80).build()).build())
                .endSpec().endTemplate().endSpec().build();
    }

    @Test
    void aDeploymentsWholeLifeThroughTheFabric8Client() {
        var deployments = client.apps().deployments().inNamespace("default");
        List<String> watched = new CopyOnWriteArrayList<>();
        Deployment created = deployments.resource(web("nginx:1.25.0")).create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        // The API server's defaults are on what it stored.
        var container = created.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getPorts().get(0).getProtocol()).isEqualTo("TCP");
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(created.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Always");

        try (Watch watch = deployments.withName("web").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                watched.add(action + " " + d.getSpec().getReplicas());
            }

            @Override
            public void onClose(WatcherException cause) {
                // a closed watch is the test's end, not a failure
            }
        })) {
            await().atMost(PATIENCE).until(() -> deployments.withName("web").get().getStatus() != null
                    && Integer.valueOf(2).equals(deployments.withName("web").get().getStatus().getAvailableReplicas()));
            assertThat(deployments.list().getItems()).extracting(d -> d.getMetadata().getName()).containsExactly("web");
            assertThat(deployments.withLabel("app", "web").list().getItems()).hasSize(1);
            assertThat(deployments.withLabel("app", "other").list().getItems()).isEmpty();

            deployments.withName("web").scale(3);
            await().atMost(PATIENCE).until(() -> watched.contains("MODIFIED 3"));
            assertThat(deployments.withName("web").scale().getSpec().getReplicas()).isEqualTo(3);

            deployments.withName("web").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.25.1\"}]}}}}");
            deployments.withName("web").patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"team\":\"platform\"}}}");
            deployments.withName("web").edit(d -> new DeploymentBuilder(d).editMetadata()
                    .addToLabels("tier", "front").endMetadata().build()); // edit sends a JSON patch
            Deployment patched = deployments.withName("web").get();
            assertThat(patched.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.25.1");
            assertThat(patched.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()).hasSize(1);
            assertThat(patched.getMetadata().getAnnotations()).containsEntry("team", "platform");
            assertThat(patched.getMetadata().getLabels()).containsEntry("tier", "front");

            await().atMost(PATIENCE).untilAsserted(() -> {
                var status = deployments.withName("web").get().getStatus();
                assertThat(status.getUpdatedReplicas()).isEqualTo(3);
                assertThat(status.getAvailableReplicas()).isEqualTo(3);
                assertThat(status.getObservedGeneration()).isEqualTo(deployments.withName("web").get().getMetadata()
                        .getGeneration());
            });
            assertThat(client.apps().replicaSets().inNamespace("default").withLabel("app", "web").list().getItems())
                    .hasSize(2);
            assertThat(client.pods().inNamespace("default").withLabel("app", "web").list().getItems())
                    .isNotEmpty();
        }
        assertThat(watched).contains("MODIFIED 3");

        assertThatThrownBy(() -> deployments.resource(web("nginx:1.25.0")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(deployments.withName("web").delete()).hasSize(1);
        await().atMost(PATIENCE).until(() -> deployments.withName("web").get() == null);
        assertThat(client.apps().replicaSets().inNamespace("default").withLabel("app", "web").list().getItems())
                .isEmpty();
    }
}
