package io.rollbook.infra.kube;

import io.rollbook.infra.kube.KubectlHarness.Run;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed walkthrough with the real kubectl against `up`, kubectl's own output checked; skipped without kubectl. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlAgainstUpIntegrationTest extends KubectlSuite {

    @Test
    @Order(1)
    void versionAndEmptyGet() throws Exception {
        assertThat(ok("version").out()).contains("Server Version: v1.32.4");
        Run r = ok("get", "deploy,rs,pods");
        assertThat(r.err()).contains("No resources found in default namespace.");
    }

    @Test
    @Order(2)
    void applyCreatesThenUnchanged() throws Exception {
        assertThat(ok("apply", "-f", example("nginx-deployment.yaml")).out())
                .isEqualTo("deployment.apps/nginx-deployment created\n");
        assertThat(ok("rollout", "status", "deployment/nginx-deployment", "--timeout=60s").out())
                .endsWith("deployment \"nginx-deployment\" successfully rolled out\n");
        assertThat(ok("apply", "-f", example("nginx-deployment.yaml")).out())
                .isEqualTo("deployment.apps/nginx-deployment unchanged\n");
        assertThat(ok("get", "deploy", "nginx-deployment", "-o", "jsonpath={.metadata.annotations}").out())
                .contains("kubectl.kubernetes.io/last-applied-configuration");
    }

    @Test
    @Order(3)
    void getShowsKubectlColumns() throws Exception {
        String out = ok("get", "deploy,rs,pods").out();
        assertThat(out).contains("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "deployment.apps/nginx-deployment",
                "3/3", "DESIRED", "CURRENT", "replicaset.apps/nginx-deployment-", "STATUS", "RESTARTS",
                "pod/nginx-deployment-", "Running");
        assertThat(ok("get", "deploy", "-o", "wide").out()).contains("CONTAINERS", "nginx:1.14.2", "app=nginx");
    }

    @Test
    @Order(4)
    void applyConfiguredWithNewImage() throws Exception {
        Path v2 = dir.resolve("deploy-v2.yaml");
        Files.writeString(v2, Files.readString(Path.of(example("nginx-deployment.yaml")))
                .replace("nginx:1.14.2", "nginx:1.16.1").replace("  labels:\n    app: nginx\n",
                        "  labels:\n    app: nginx\n  annotations:\n    kubernetes.io/change-cause: image updated to nginx:1.16.1\n"));
        assertThat(ok("apply", "-f", v2.toString()).out()).isEqualTo("deployment.apps/nginx-deployment configured\n");
        ok("rollout", "status", "deployment/nginx-deployment", "--timeout=60s");
        assertThat(ok("get", "deploy", "nginx-deployment", "-o", "jsonpath={.spec.template.spec.containers[0]}").out())
                .contains("nginx:1.16.1", "containerPort");
    }

    @Test
    @Order(5)
    void scaleSetImageAndHistory() throws Exception {
        assertThat(ok("scale", "deployment/nginx-deployment", "--replicas=5").out())
                .isEqualTo("deployment.apps/nginx-deployment scaled\n");
        assertThat(ok("set", "image", "deployment/nginx-deployment", "nginx=nginx:1.21").out())
                .isEqualTo("deployment.apps/nginx-deployment image updated\n");
        assertThat(ok("rollout", "status", "deployment/nginx-deployment", "--timeout=60s").out())
                .endsWith("deployment \"nginx-deployment\" successfully rolled out\n");
        assertThat(ok("rollout", "history", "deployment/nginx-deployment").out()).isEqualTo(
                "deployment.apps/nginx-deployment \nREVISION  CHANGE-CAUSE\n1         <none>\n"
                        + "2         image updated to nginx:1.16.1\n3         image updated to nginx:1.16.1\n\n");
    }

    @Test
    @Order(6)
    void undoPauseResumeRestart() throws Exception {
        assertThat(ok("rollout", "undo", "deployment/nginx-deployment").out())
                .isEqualTo("deployment.apps/nginx-deployment rolled back\n");
        ok("rollout", "status", "deployment/nginx-deployment", "--timeout=60s");
        assertThat(ok("get", "deploy", "nginx-deployment", "-o", "jsonpath={.spec.template.spec.containers[0].image}")
                .out()).isEqualTo("nginx:1.16.1");
        assertThat(ok("rollout", "undo", "deployment/nginx-deployment", "--to-revision=1").out())
                .isEqualTo("deployment.apps/nginx-deployment rolled back\n");
        ok("rollout", "status", "deployment/nginx-deployment", "--timeout=60s");
        assertThat(ok("get", "deploy", "nginx-deployment", "-o", "jsonpath={.spec.template.spec.containers[0].image}")
                .out()).isEqualTo("nginx:1.14.2");
        assertThat(ok("rollout", "pause", "deployment/nginx-deployment").out())
                .isEqualTo("deployment.apps/nginx-deployment paused\n");
        Run again = k.kubectl("rollout", "pause", "deployment/nginx-deployment");
        assertThat(again.err()).contains("error: deployments.apps \"nginx-deployment\" is already paused");
        assertThat(ok("rollout", "resume", "deployment/nginx-deployment").out())
                .isEqualTo("deployment.apps/nginx-deployment resumed\n");
        assertThat(ok("rollout", "restart", "deployment/nginx-deployment").out())
                .isEqualTo("deployment.apps/nginx-deployment restarted\n");
        ok("rollout", "status", "deployment/nginx-deployment", "--timeout=60s");
    }

    @Test
    @Order(7)
    void replicaSetScaleAndInvalid() throws Exception {
        assertThat(ok("apply", "-f", example("myapp-replicaset.yaml")).out())
                .isEqualTo("replicaset.apps/myapp-replicaset created\n");
        assertThat(ok("scale", "rs/myapp-replicaset", "--replicas=5").out())
                .isEqualTo("replicaset.apps/myapp-replicaset scaled\n");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(Path.of(example("nginx-deployment.yaml")))
                .replace("name: nginx-deployment", "name: bad").replace("replicas: 3 ", "replicas: -1 "));
        Run invalid = k.kubectl("apply", "-f", bad.toString());
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.err()).isEqualTo("The Deployment \"bad\" is invalid: spec.replicas: Invalid value: -1: "
                + "must be greater than or equal to 0\n");
    }

    @Test
    @Order(8)
    void getWatchPrintsChanges() throws Exception {
        String watched;
        try (KubectlHarness.Running w = k.start("get", "deploy", "nginx-deployment", "-w")) {
            w.awaitOut(Duration.ofSeconds(30), out -> out.lines().count() >= 2); // listed: header and the one row
            ok("scale", "deployment/nginx-deployment", "--replicas=2");
            watched = w.awaitOut(Duration.ofSeconds(60),
                    out -> out.lines().skip(2).anyMatch(l -> l.contains(" 2/2 ") || l.contains("/2 ")));
        }
        assertThat(watched).startsWith("NAME               READY   UP-TO-DATE   AVAILABLE   AGE\nnginx-deployment   ");
    }

    @Test
    @Order(9)
    void describeDiffServerSide() throws Exception {
        String described = ok("describe", "deployment", "nginx-deployment").out();
        assertThat(described).contains("Name:", "nginx-deployment", "Replicas:", "NewReplicaSet:");
        Path v3 = dir.resolve("deploy-v3.yaml");
        Files.writeString(v3, Files.readString(Path.of(example("nginx-deployment.yaml"))).replace("nginx:1.14.2",
                "nginx:1.22.0"));
        Run diff = k.kubectl("diff", "-f", v3.toString());
        assertThat(diff.exit()).as(diff.err()).isEqualTo(1);
        assertThat(diff.out()).contains("-      - image: nginx:1.14.2", "+      - image: nginx:1.22.0");
        assertThat(ok("get", "deploy", "nginx-deployment", "-o", "jsonpath={.spec.template.spec.containers[0].image}")
                .out()).as("diff stores nothing").isEqualTo("nginx:1.14.2");
        // kubectl scale and rollout undo changed replicas and the image since the last client-side apply,
        // so they own them: as against an API server, taking them over needs --force-conflicts
        assertThat(k.kubectl("apply", "--server-side", "-f", v3.toString()).err())
                .startsWith("error: Apply failed with 2 conflicts: ");
        assertThat(ok("apply", "--server-side", "--force-conflicts", "-f", v3.toString()).out())
                .isEqualTo("deployment.apps/nginx-deployment serverside-applied\n");
    }

    @Test
    @Order(10)
    void kubeconfigHistoryRevisionAndAllNamespaces() throws Exception {
        Path config = dir.resolve("kubeconfig.yaml");
        Files.writeString(config, io.rollbook.infra.cli.KubeconfigCommand.render(k.url(), "default", null));
        ProcessBuilder pb = new ProcessBuilder("kubectl", "get", "deploy", "--cache-dir=" + dir.resolve("c2"));
        pb.environment().put("KUBECONFIG", config.toString());
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("nginx-deployment");
        // Revisions 1 and 2 were renumbered by the two undos (their ReplicaSets run again): 3 is still there.
        assertThat(ok("rollout", "history", "deployment/nginx-deployment", "--revision=3").out())
                .startsWith("deployment.apps/nginx-deployment with revision #3\nPod Template:\n");
        assertThat(ok("get", "deployments", "-A").out()).startsWith("NAMESPACE   NAME ");
        assertThat(ok("get", "pods", "-o", "wide").out()).contains("NODE", "node-");
        assertThat(ok("describe", "deployment", "nginx-deployment").out())
                .contains("Image:         nginx:1.22.0", "Events:", "ScalingReplicaSet");
    }

    @Test
    @Order(11)
    void deleteRemovesEverything() throws Exception {
        assertThat(ok("delete", "deployment", "nginx-deployment").out())
                .isEqualTo("deployment.apps \"nginx-deployment\" deleted\n");
        assertThat(ok("delete", "rs", "myapp-replicaset").out())
                .isEqualTo("replicaset.apps \"myapp-replicaset\" deleted\n");
        assertThat(ok("get", "deploy,rs", "-o", "name").out()).isEmpty();
    }

    @Test
    @Order(12)
    void aNamespaceCarriesTheLabelTheApiServerGivesIt() throws Exception {
        // namespaces are written through Rollbook's own verbs (the Kubernetes API serves them read-only)
        assertThat(io.rollbook.infra.cli.TestCli.run(k.up, "apply", "-f", example("network/namespace.yaml")).out())
                .isEqualTo("namespace/shop created\n");
        assertThat(ok("get", "ns", "shop", "--show-labels").out()).contains("kubernetes.io/metadata.name=shop");
        assertThat(ok("get", "ns", "shop", "-o", "jsonpath={.metadata.labels.kubernetes\\.io/metadata\\.name}").out())
                .isEqualTo("shop");
    }
}
