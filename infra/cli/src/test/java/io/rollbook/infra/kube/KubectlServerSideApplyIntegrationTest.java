package io.rollbook.infra.kube;

import io.rollbook.infra.kube.KubectlHarness.Run;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubectl apply --server-side} with the real kubectl against {@code up}: field managers in
 * {@code metadata.managedFields}, the API server's conflict (exit 1, its exact message),
 * {@code --force-conflicts}, and a field removed from the applied file removed from the object.
 * Skipped without kubectl.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlServerSideApplyIntegrationTest extends KubectlSuite {

    private static Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** examples/nginx-deployment.yaml named {@code name}, with {@code replicas} and extra labels. */
    private static String nginx(String name, int replicas, String labels) throws Exception {
        return Files.readString(Path.of(example("nginx-deployment.yaml")))
                .replace("name: nginx-deployment", "name: " + name)
                .replace("replicas: 3", "replicas: " + replicas)
                .replace("  labels:\n    app: nginx\n", "  labels:\n    app: nginx\n" + labels);
    }


    @Test
    @Order(1)
    void aServerSideApplyCreatesAndOwns() throws Exception {
        Path three = file("ssa-3.yaml", nginx("ssa", 3, ""));
        assertThat(ok("apply", "--server-side", "-f", three.toString()).out())
                .isEqualTo("deployment.apps/ssa serverside-applied\n");
        String yaml = ok("get", "deploy", "ssa", "-o", "yaml", "--show-managed-fields").out();
        assertThat(yaml).contains("managedFields:", "manager: kubectl", "operation: Apply", "fieldsType: FieldsV1",
                "f:replicas: {}", "k:{\"name\":\"nginx\"}:");
        assertThat(ok("get", "deploy", "ssa", "-o", "yaml").out()).as("kubectl hides them by default")
                .doesNotContain("managedFields");
    }

    @Test
    @Order(2)
    void anotherManagerChangingReplicasGetsTheConflictAndNothingChanges() throws Exception {
        Path five = file("ssa-5.yaml", nginx("ssa", 5, ""));
        Run r = fails("apply", "--server-side", "--field-manager=ci", "-f", five.toString());
        assertThat(r.err())
                .startsWith("error: Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas\n")
                .contains("--force-conflicts");
        assertThat(ok("get", "deploy", "ssa", "-o", "jsonpath={.spec.replicas}").out()).isEqualTo("3");
    }

    @Test
    @Order(3)
    void forceConflictsWinsAndBothManagersAreListed() throws Exception {
        Path five = file("ssa-5.yaml", nginx("ssa", 5, ""));
        assertThat(ok("apply", "--server-side", "--field-manager=ci", "--force-conflicts", "-f", five.toString()).out())
                .isEqualTo("deployment.apps/ssa serverside-applied\n");
        assertThat(ok("get", "deploy", "ssa", "-o", "jsonpath={.spec.replicas}").out()).isEqualTo("5");
        assertThat(ok("get", "deploy", "ssa", "-o", "jsonpath={.metadata.managedFields[*].manager}",
                "--show-managed-fields").out()).as("appliers by time, as the API server sorts them")
                .isEqualTo("kubectl ci");
        Path three = file("ssa-3.yaml", nginx("ssa", 3, ""));
        assertThat(fails("apply", "--server-side", "-f", three.toString()).err())
                .as("kubectl lost .spec.replicas to ci")
                .startsWith("error: Apply failed with 1 conflict: conflict with \"ci\": .spec.replicas\n");
    }

    @Test
    @Order(4)
    void aFieldRemovedFromTheAppliedFileIsRemoved() throws Exception {
        ok("apply", "--server-side", "--field-manager=ci", "-f",
                file("ssa-tier.yaml", nginx("ssa", 5, "    tier: web\n")).toString());
        assertThat(ok("get", "deploy", "ssa", "-o", "jsonpath={.metadata.labels.tier}").out()).isEqualTo("web");
        ok("apply", "--server-side", "--field-manager=ci", "-f", file("ssa-5.yaml", nginx("ssa", 5, "")).toString());
        assertThat(ok("get", "deploy", "ssa", "-o", "jsonpath={.metadata.labels}").out())
                .isEqualTo("{\"app\":\"nginx\"}");
    }

    @Test
    @Order(5)
    void aClientSideAppliersFieldsConflictUsingItsApiVersionAndScaleOwnsReplicas() throws Exception {
        ok("apply", "-f", file("csa.yaml", nginx("csa", 3, "")).toString());
        Run r = fails("apply", "--server-side", "--field-manager=ci", "-f",
                file("csa-5.yaml", nginx("csa", 5, "")).toString());
        assertThat(r.err()).startsWith("error: Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\""
                + " using apps/v1: .spec.replicas\n");
        ok("scale", "deployment/csa", "--replicas=2");
        String yaml = ok("get", "deploy", "csa", "-o", "yaml", "--show-managed-fields").out();
        assertThat(yaml).contains("manager: kubectl-client-side-apply", "operation: Update", "subresource: scale");
    }
}
