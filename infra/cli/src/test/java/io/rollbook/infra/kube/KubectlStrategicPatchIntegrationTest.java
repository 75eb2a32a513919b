package io.rollbook.infra.kube;

import io.rollbook.infra.kube.KubectlHarness.Run;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubectl patch} with strategic merge directives and hostile patches, the real binary against
 * {@code up}: {@code $patch: delete} and {@code $patch: replace} on the containers list and on a map,
 * {@code $retainKeys}, an unknown {@code $}-key (dropped with kubectl's warning), and the refusals
 * in the API server's words, each of which leaves the Deployment as it was. Skipped without kubectl.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlStrategicPatchIntegrationTest extends KubectlSuite {

    static final String CONTAINERS = "jsonpath={range .spec.template.spec.containers[*]}{.name}={.image} {end}";

    static String get(String jsonpath) throws Exception {
        return ok("get", "deploy", "two", "-o", jsonpath).out();
    }

    static Run patch(String body) throws Exception {
        return ok("patch", "deployment", "two", "--type", "strategic", "-p", body);
    }

    @Test
    @Order(1)
    void patchDeleteRemovesAContainerByItsName() throws Exception {
        ok("create", "deployment", "two", "--image=nginx:1.25.0");
        patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"image\":\"busybox:1.36\"}]}}}}");
        assertThat(get(CONTAINERS)).isEqualTo("nginx=nginx:1.25.0 side=busybox:1.36 ");
        assertThat(patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"$patch\":\"delete\"}]}}}}")
                .out()).isEqualTo("deployment.apps/two patched\n");
        assertThat(get(CONTAINERS)).isEqualTo("nginx=nginx:1.25.0 ");
    }

    @Test
    @Order(2)
    void patchReplaceMakesThePatchTheWholeListOrMap() throws Exception {
        patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"$patch\":\"replace\"},"
                + "{\"name\":\"web\",\"image\":\"nginx:1.27\"}]}}}}");
        assertThat(get(CONTAINERS)).isEqualTo("web=nginx:1.27 ");
        ok("annotate", "deployment", "two", "a=1", "b=2");
        patch("{\"metadata\":{\"annotations\":{\"$patch\":\"replace\",\"c\":\"3\"}}}");
        // a and b are gone; the controller writes its revision annotation back, as it does on a cluster
        assertThat(get("jsonpath={.metadata.annotations.a}{.metadata.annotations.b}|{.metadata.annotations.c}"))
                .isEqualTo("|3");
    }

    /** What kubectl apply itself sends when a strategy turns to Recreate. */
    @Test
    @Order(3)
    void retainKeysDropsTheRollingUpdateParameters() throws Exception {
        assertThat(get("jsonpath={.spec.strategy.rollingUpdate.maxSurge}")).isEqualTo("25%");
        patch("{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"type\":\"Recreate\"}}}");
        assertThat(get("jsonpath={.spec.strategy}")).isEqualTo("{\"type\":\"Recreate\"}");
    }

    @Test
    @Order(4)
    void anUnknownDollarKeyIsDroppedWithTheApiServersWarning() throws Exception {
        String before = get("jsonpath={.metadata.resourceVersion}");
        Run r = patch("{\"spec\":{\"$foo\":{\"replicas\":7}}}");
        assertThat(r.err()).contains("Warning: unknown field \"spec.$foo\"");
        assertThat(get("jsonpath={.spec.replicas} {.metadata.resourceVersion}")).isEqualTo("1 " + before);
    }

    @Test
    @Order(5)
    void refusedPatchesSayWhyAndChangeNothing() throws Exception {
        String before = ok("get", "deploy", "two", "-o", "json").out();
        assertThat(fails("patch", "deployment", "two", "--type", "strategic", "-p",
                "{\"spec\":{\"replicas\":5,\"$patch\":\"frobnicate\"}}").err())
                .isEqualTo("Error from server (BadRequest): unknown patch type: frobnicate in map: "
                        + "map[$patch:frobnicate replicas:5]\n");
        assertThat(fails("patch", "deployment", "two", "--type", "strategic", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"$patch\":\"delete\"}]}}}}").err())
                .isEqualTo("Error from server (BadRequest): map: map[$patch:delete] does not contain declared merge key: name\n");
        assertThat(fails("patch", "deployment", "two", "--type", "json", "-p",
                "[{\"op\":\"remove\",\"path\":\"/spec/nowhere\"}]").err())
                .isEqualTo("The request is invalid: the server rejected our request due to an error in our request\n");
        assertThat(ok("get", "deploy", "two", "-o", "json").out()).isEqualTo(before);
    }
}
