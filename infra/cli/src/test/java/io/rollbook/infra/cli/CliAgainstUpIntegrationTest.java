package io.rollbook.infra.cli;

import io.rollbook.api.event.Events;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every verb against a running `up`, with kubectl's messages checked; the walkthrough in order. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliAgainstUpIntegrationTest extends AgainstUp {

    static final String NGINX = "deployment/nginx-deployment";

    @BeforeAll
    static void start() {
        start("cli-test", TestCli.fastStages());
    }

    static String example(String name) {
        return TestCli.example(name);
    }

    @Test
    @Order(1)
    void applyCreatesThenLeavesUnchanged() {
        assertThat(rollbook("apply", "-f", example("nginx-deployment.yaml")).out())
                .isEqualTo("deployment.apps/nginx-deployment created\n");
        assertThat(rollbook("rollout", "status", NGINX).out())
                .endsWith("deployment \"nginx-deployment\" successfully rolled out\n");
        assertThat(rollbook("apply", "-f", example("nginx-deployment.yaml")).out())
                .isEqualTo("deployment.apps/nginx-deployment unchanged\n");
        assertThat(rollbook("get", "deployments").out()).startsWith(
                "NAME               READY   UP-TO-DATE   AVAILABLE   AGE\nnginx-deployment   3/3     3            3");
    }

    @Test
    @Order(2)
    void setImageRollsOverAndRecordsTheCause() {
        TestCli.Run set = rollbook("set", "image", NGINX, "nginx=nginx:1.16.1", "--record");
        assertThat(set.out()).isEqualTo("deployment.apps/nginx-deployment image updated\n");
        assertThat(rollbook("set", "image", NGINX, "nginx=nginx:1.16.1").out()).isEmpty();
        TestCli.Run unknown = rollbook("set", "image", NGINX, "sidecar=envoy:1");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("error: unable to find container named \"sidecar\"\n");
        assertThat(rollbook("rollout", "status", NGINX).out())
                .endsWith("deployment \"nginx-deployment\" successfully rolled out\n");
        assertThat(rollbook("rollout", "history", NGINX).out()).isEqualTo("""
                deployment.apps/nginx-deployment\s
                REVISION  CHANGE-CAUSE
                1         <none>
                2         rollbook set image deployment/nginx-deployment nginx=nginx:1.16.1 --record

                """);
    }

    @Test
    @Order(3)
    void undoRenumbersAndRefusesWhatKubectlRefuses() {
        assertThat(rollbook("rollout", "undo", NGINX, "--to-revision=7").err())
                .isEqualTo("error: unable to find specified revision 7 in history\n");
        assertThat(rollbook("rollout", "undo", NGINX).out()).isEqualTo("deployment.apps/nginx-deployment rolled back\n");
        rollbook("rollout", "status", NGINX);
        assertThat(rollbook("rollout", "history", NGINX).out()).contains("\n2         rollbook set image")
                .contains("\n3         <none>").doesNotContain("\n1 ");
        assertThat(rollbook("rollout", "undo", NGINX, "--to-revision=3").out()).isEqualTo(
                "deployment.apps/nginx-deployment skipped rollback (current template already matches revision 3)\n");
    }

    @Test
    @Order(4)
    void pauseAndResumeAnswerAsKubectl() {
        assertThat(rollbook("rollout", "resume", NGINX).err())
                .isEqualTo("error: deployments.apps \"nginx-deployment\" is not paused\n");
        assertThat(rollbook("rollout", "pause", NGINX).out()).isEqualTo("deployment.apps/nginx-deployment paused\n");
        assertThat(rollbook("rollout", "pause", NGINX).err())
                .isEqualTo("error: deployments.apps \"nginx-deployment\" is already paused\n");
        assertThat(rollbook("rollout", "undo", NGINX).err()).isEqualTo("error: you cannot rollback a paused "
                + "deployment; resume it first with 'kubectl rollout resume' and try again\n");
        assertThat(rollbook("rollout", "restart", NGINX).err()).isEqualTo("error: deployments.apps "
                + "\"nginx-deployment\" can't restart paused deployment (run rollout resume first)\n");
        rollbook("set", "image", NGINX, "nginx=nginx:1.17.0");
        assertThat(rollbook("get", "rs").out().lines().count()).isEqualTo(3); // header + 2: no new ReplicaSet
        assertThat(rollbook("rollout", "resume", NGINX).out()).isEqualTo("deployment.apps/nginx-deployment resumed\n");
        assertThat(rollbook("rollout", "status", NGINX).exit()).isZero();
        assertThat(rollbook("get", "rs").out().lines().count()).isEqualTo(4);
    }

    @Test
    @Order(5)
    void replicaSetScalesAndDeleteRemovesEverything() {
        assertThat(rollbook("apply", "-f", example("myapp-replicaset.yaml")).out())
                .isEqualTo("replicaset.apps/myapp-replicaset created\n");
        assertThat(rollbook("scale", "rs/myapp-replicaset", "--replicas=5").out())
                .isEqualTo("replicaset.apps/myapp-replicaset scaled\n");
        assertThat(rollbook("scale", "rs/myapp-replicaset", "--replicas=-1").err()).isEqualTo("error: The ReplicaSet "
                + "\"myapp-replicaset\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n");
        assertThat(rollbook("delete", "rs/myapp-replicaset").out())
                .isEqualTo("replicaset.apps \"myapp-replicaset\" deleted\n");
        assertThat(rollbook("scale", "deploy/nope", "--replicas=1").err())
                .isEqualTo("error: deployments.apps \"nope\" not found\n");
    }

    @Test
    @Order(6)
    void replayAndAuditAnswerForEveryRevision() {
        TestCli.Run replay = rollbook("replay", NGINX, "--to-revision", "1", "-o", "yaml");
        assertThat(replay.exit()).isZero();
        assertThat(replay.out()).contains("image: nginx:1.14.2");
        TestCli.Run jsonl = rollbook("audit", NGINX, "-o", "jsonl");
        List<String> lines = jsonl.out().lines().toList();
        assertThat(lines).isNotEmpty();
        lines.forEach(l -> Events.decode(l.getBytes(StandardCharsets.UTF_8)));
        assertThat(lines.get(0)).contains("\"type\":\"DeploymentApplied\"");
        // The CLI writes to Kafka without up's seal: its --as (by default $USER) is a claim, and says so.
        assertThat(lines.get(0)).contains("\"actor\":\"" + System.getProperty("user.name") + " (claimed, via Kafka)\"");
    }

    @Test
    @Order(7)
    void aLongRolloutIsWatchedToCompletion() throws Exception {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, Files.readString(Path.of(example("nginx-deployment.yaml")))
                .replace("name: nginx-deployment", "name: big").replace("replicas: 3 ", "replicas: 20 "));
        rollbook("apply", "-f", big.toString());
        rollbook("rollout", "status", "deployment/big");
        rollbook("set", "image", "deployment/big", "nginx=nginx:1.16.1");
        TestCli.Run watch = rollbook("rollout", "status", "deployment/big", "--timeout=120s");
        assertThat(watch.exit()).isZero();
        List<String> lines = watch.out().lines().toList();
        assertThat(lines.size()).isGreaterThan(2);
        assertThat(lines.subList(0, lines.size() - 1)).allMatch(l -> l.startsWith("Waiting for deployment \"big\""));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("deployment \"big\" successfully rolled out");
    }

    @Test
    @Order(8)
    void eachDocumentOfAnApplyStandsOnItsOwn() throws Exception {
        Path file = dir.resolve("mixed.yaml");
        Files.writeString(file, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: first
                  labels:
                spec:
                  selector: {matchLabels: {app: first}}
                  template:
                    metadata: {labels: {app: first}, annotations: }
                    spec:
                      containers:
                      - {name: app, image: "app:v1", env: }
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: second}
                spec: {replicas: three}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: Third}
                spec:
                  selector: {matchLabels: {app: third}}
                  template:
                    metadata: {labels: {app: third}}
                    spec: {containers: [{name: app, image: "app:v1"}]}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: fourth}
                spec:
                  selector: {matchLabels: {app: fourth}}
                  template:
                    metadata: {labels: {app: fourth}}
                    spec: {containers: [{name: app, image: "app:v1"}]}
                """);

        TestCli.Run apply = rollbook("apply", "-f", file.toString());

        assertThat(apply.exit()).isEqualTo(1);
        assertThat(apply.out()).isEqualTo("deployment.apps/first created\ndeployment.apps/fourth created\n");
        assertThat(apply.err().lines().toList()).containsExactly(
                "error: error parsing " + file + ": Deployment in version \"v1\" cannot be handled as a Deployment:"
                        + " json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32",
                "error: The Deployment \"Third\" is invalid: metadata.name: Invalid value: \"Third\": a lowercase RFC"
                        + " 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start"
                        + " and end with an alphanumeric character (e.g. 'example.com', regex used for validation is"
                        + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        assertThat(rollbook("get", "deployments").out()).contains("first").contains("fourth").doesNotContain("second");
    }
}
