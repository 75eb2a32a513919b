package io.rollbook.projections;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.Pod;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.audit.AuditQuery;
import io.rollbook.projections.fixtures.NginxScenario;
import io.rollbook.projections.fixtures.Stores;
import io.rollbook.projections.replay.ReplayPoint;
import io.rollbook.projections.status.RolloutStatus;
import io.rollbook.projections.text.OutputFormat;
import io.rollbook.projections.text.Printed;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.rollbook.projections.fixtures.NginxScenario.NAME;
import static io.rollbook.projections.fixtures.NginxScenario.RS_1;
import static io.rollbook.projections.fixtures.NginxScenario.RS_3;
import static org.assertj.core.api.Assertions.assertThat;

class KubectlTest {

    static final Instant NOW = NginxScenario.T0.plusSeconds(400);

    final ProjectionStore store = Stores.of(NginxScenario.full().events());
    final Kubectl kubectl = new Kubectl(store);

    @Test
    void getPrintsKubectlTables() {
        assertThat(kubectl.get("deploy", "default", null, OutputFormat.TABLE, NOW)).isEqualTo(Printed.out("""
                NAME               READY   UP-TO-DATE   AVAILABLE   AGE
                nginx-deployment   3/3     3            3           6m40s
                """));
        assertThat(kubectl.get("rs", "default", null, OutputFormat.TABLE, NOW).stdout()).isEqualTo("""
                NAME                         DESIRED   CURRENT   READY   AGE
                nginx-deployment-bcdf65c94   0         0         0       6m40s
                nginx-deployment-db6967b8b   3         3         3       100s
                """);
        assertThat(kubectl.get("pods", "default", null, OutputFormat.TABLE, NOW).stdout()).isEqualTo("""
                NAME                               READY   STATUS    RESTARTS   AGE
                nginx-deployment-db6967b8b-5lrnt   1/1     Running   0          92s
                nginx-deployment-db6967b8b-8vlxc   1/1     Running   0          96s
                nginx-deployment-db6967b8b-jhzjj   1/1     Running   0          100s
                """);
        assertThat(kubectl.get("deployments", "default", NAME, OutputFormat.WIDE, NOW).stdout()).isEqualTo("""
                NAME               READY   UP-TO-DATE   AVAILABLE   AGE     CONTAINERS   IMAGES       SELECTOR
                nginx-deployment   3/3     3            3           6m40s   nginx        nginx:1.21   app=nginx
                """);
    }

    @Test
    void getPrintsDocumentsThatReadBack() {
        String one = kubectl.get("deployment", "default", NAME, OutputFormat.JSON, NOW).stdout();
        Deployment stored = store.deployment("default", NAME).orElseThrow();
        assertThat(stored.metadata().managedFields()).isNotEmpty();
        assertThat(Manifests.parse(one)).as("as kubectl prints it: without managedFields")
                .containsExactly(stored.withMetadata(stored.metadata().withManagedFields(null)));
        assertThat(one).contains("\"deployment.kubernetes.io/revision\" : \"4\"");

        String list = kubectl.get("replicasets", "default", null, OutputFormat.YAML, NOW).stdout();
        assertThat(list).startsWith("apiVersion: v1\nkind: List\nitems:\n");
        assertThat(Manifests.parse(list)).extracting(o -> o.metadata().name()).containsExactly(RS_1, RS_3);

        String pods = kubectl.get("po", "default", null, OutputFormat.JSON, NOW).stdout();
        List<KubeObject> parsed = Manifests.parse(pods);
        assertThat(parsed).hasSize(3).allSatisfy(o -> {
            Pod pod = (Pod) o;
            assertThat(pod.phase()).isEqualTo("Running");
            assertThat(pod.metadata().controllerRef().name()).isEqualTo(RS_3);
            assertThat(pod.spec().field("nodeName")).isEqualTo("node-1");
            assertThat(pod.spec().containers().get(0).image()).isEqualTo("nginx:1.21");
        });
        assertThat(kubectl.get("deploy", "empty", null, OutputFormat.JSON, NOW).stdout())
                .isEqualTo("{\n  \"apiVersion\" : \"v1\",\n  \"kind\" : \"List\",\n  \"items\" : [ ],\n"
                        + "  \"metadata\" : {\n    \"resourceVersion\" : \"\"\n  }\n}\n");
    }

    @Test
    void getExplainsEmptyListsMissingObjectsAndUnknownTypes() {
        assertThat(kubectl.get("pods", "empty", null, OutputFormat.TABLE, NOW))
                .isEqualTo(new Printed("", "No resources found in empty namespace.\n", 0));
        assertThat(kubectl.get("deploy", "default", "nope", OutputFormat.TABLE, NOW))
                .isEqualTo(new Printed("", "Error from server (NotFound): deployments.apps \"nope\" not found\n", 1));
        assertThat(kubectl.get("pod", "default", "nope", OutputFormat.YAML, NOW).stderr())
                .isEqualTo("Error from server (NotFound): pods \"nope\" not found\n");
        assertThat(kubectl.get("services", "default", null, OutputFormat.TABLE, NOW).stderr())
                .isEqualTo("error: the server doesn't have a resource type \"services\"\n");
    }

    @Test
    void rolloutStatusOfTheStoreAndOfAMomentMidRollout() {
        assertThat(kubectl.rolloutStatus("default", NAME, 0))
                .isEqualTo(Printed.out("deployment \"nginx-deployment\" successfully rolled out\n"));
        assertThat(kubectl.rolloutStatus("default", NAME, 3).stderr())
                .isEqualTo("error: desired revision (3) is different from the running revision (4)\n");
        assertThat(kubectl.rolloutStatus("default", "nope", 0).stderr())
                .isEqualTo("No resources found in default namespace.\n");

        Deployment midRollout = store.replay(ObjectRef.deployment("default", NAME),
                new ReplayPoint.AtTime(Instant.parse("2026-11-26T10:01:05Z"))).state().deployment();
        assertThat(RolloutStatus.evaluate(midRollout, 0).message()).isEqualTo(
                "Waiting for deployment \"nginx-deployment\" rollout to finish: 2 out of 3 new replicas have been "
                        + "updated...");
    }

    @Test
    void rolloutHistoryInEveryFormat() {
        assertThat(kubectl.rolloutHistory("default", NAME, 0, OutputFormat.TABLE).stdout())
                .startsWith("deployment.apps/nginx-deployment \nREVISION  CHANGE-CAUSE\n3         <none>\n");
        assertThat(kubectl.rolloutHistory("default", NAME, 0, OutputFormat.WIDE).stdout())
                .contains("\n2         nginx:1.16.1  2026-11-26T10:01:00Z  bob    ");
        assertThat(kubectl.rolloutHistory("default", NAME, 2, OutputFormat.WIDE).stdout())
                .contains("    Image:\tnginx:1.16.1\n");
        assertThat(kubectl.rolloutHistory("default", NAME, 2, OutputFormat.TABLE).stderr())
                .isEqualTo("error: unable to find the specified revision\n");
        assertThat(Manifests.parse(kubectl.rolloutHistory("default", NAME, 4, OutputFormat.YAML).stdout()))
                .extracting(o -> o.metadata().name()).containsExactly(RS_3);
        assertThat(Manifests.parse(kubectl.rolloutHistory("default", NAME, 0, OutputFormat.JSON).stdout()))
                .extracting(o -> o.metadata().annotation("deployment.kubernetes.io/revision"))
                .containsExactly("3", "4");
        assertThat(Manifests.parse(kubectl.rolloutHistory("default", NAME, 0, OutputFormat.YAML).stdout()))
                .extracting(o -> o.metadata().annotation("rollbook.io/revision-outcome"))
                .containsExactly("complete", "complete"); // how each revision ended, printed only
        assertThat(kubectl.rolloutHistory("default", "nope", 0, OutputFormat.TABLE).stderr())
                .isEqualTo("Error from server (NotFound): deployments.apps \"nope\" not found\n");
    }

    @Test
    void replayAndAuditVerbs() {
        ObjectRef nginx = ObjectRef.deployment("default", NAME);
        assertThat(kubectl.replay(nginx, new ReplayPoint.ToRevision(2), OutputFormat.TABLE).stdout())
                .startsWith("deployment.apps/nginx-deployment as of --to-revision 2: event 87 of 206");
        assertThat(kubectl.replay(nginx, new ReplayPoint.ToRevision(7), OutputFormat.YAML))
                .isEqualTo(Printed.error("unable to find revision 7 in the log of deployment.apps/nginx-deployment"));
        Printed audit = kubectl.audit(AuditQuery.of(nginx).since(Instant.parse("2026-11-26T10:05:18Z")),
                OutputFormat.JSONL);
        assertThat(audit.stdout().lines()).hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith("{\"type\":\"").contains("\"actor\":\"kubelet\""));
    }

    @Test
    void revisionLedgerServesTheHttpHistoryAsJson() {
        String json = io.rollbook.api.codec.Codec.toJson(store.revisions("default", NAME));

        assertThat(json).contains("\"revision\":2", "\"actor\":\"bob\"", "\"commandType\":\"SetImage\"",
                "\"deletedAt\":\"2026-11-26T10:05:12Z\"", "\"live\":false");
    }
}
