package io.rollbook.infra.cli;

import io.rollbook.api.rollout.RolloutRecord;
import io.rollbook.api.rollout.RolloutRecords;
import io.rollbook.infra.kafka.ReadToEnd;
import io.rollbook.infra.kafka.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The canary issue's "done when", through {@code up}: {@code examples/canary.yaml} (10 replicas, a
 * readyWithin 20s check, 20% / pause 30s / 50% / pause / 100%) gets a new image and walks its steps,
 * which {@code rollout status}, {@code explain} and the live page show with the weight reached;
 * {@code rollout promote} moves it on; a second run with {@code nginx:broken} (never ready in the
 * kubelet stand-in) aborts itself by its check; {@code rollbook.rollouts} holds every step once.
 */
class CanaryAgainstUpIntegrationTest extends AgainstUp {

    static final String CANARY = "deployment/nginx-canary";

    @BeforeAll
    static void start() {
        start("canary-test", TestCli.fastStages());
    }

    @Test
    void theExampleWalksItsStepsIsPromotedAndABrokenImageAbortsByItsCheck() throws Exception {
        assertThat(rollbook("apply", "-f", TestCli.example("canary.yaml")).out())
                .isEqualTo("deployment.apps/nginx-canary created\n");
        assertThat(rollbook("rollout", "status", CANARY).out()).endsWith("successfully rolled out\n");
        TestCli.Run refused = rollbook("rollout", "promote", CANARY);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("error: deployments.apps \"nginx-canary\" has no canary in progress\n");

        assertThat(rollbook("set", "image", CANARY, "nginx=nginx:1.16.1").out())
                .isEqualTo("deployment.apps/nginx-canary image updated\n");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(status()).contains(
                " canary step 3 of 6 (pause: {duration: 30s}): asked 20% (2 of 10 pods), reached 20% (2 of 10 ready"
                        + " pods are new)"));
        assertThat(rollbook("explain", CANARY).out()).contains("canary (rollbook.io/canary-steps): step 3 of 6");
        assertThat(liveState()).contains("canary (rollbook.io/canary-steps): step 3 of 6");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(status()).contains(
                " canary step 5 of 6 (pause: {}): asked 50% (5 of 10 pods), reached 50% (5 of 10 ready pods are new)"));

        assertThat(rollbook("rollout", "promote", CANARY).out()).isEqualTo("deployment.apps/nginx-canary promoted\n");
        assertThat(rollbook("rollout", "status", CANARY, "--timeout", "60s").out())
                .endsWith("deployment \"nginx-canary\" successfully rolled out\n");
        assertThat(rollbook("get", "deployment", "nginx-canary", "-o", "yaml").out())
                .contains("rollbook.io/canary-status: canary of revision 2 done after its 6 steps");

        assertThat(rollbook("set", "image", CANARY, "nginx=nginx:broken").out())
                .isEqualTo("deployment.apps/nginx-canary image updated\n");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(rollbook("rollout", "history", CANARY,
                "-o", "wide").out()).containsPattern("\n3 .*nginx:broken .* failed\n")
                .containsPattern("\n4 .*nginx:1.16.1 .* rollbook-controller .* complete\n"));
        assertThat(rollbook("explain", CANARY).out()).contains("canary of revision 3 aborted")
                .contains("not within readyWithin 20s");

        List<RolloutRecord> records = new ArrayList<>();
        ReadToEnd.readAll(up.kafka(), "test-rollouts", Topics.defaults().rollouts(),
                r -> records.add(RolloutRecords.decode(r.value())));
        assertThat(records).filteredOn(r -> RolloutRecord.STEP.equals(r.transition()))
                .extracting(r -> r.revision() + "/" + r.step() + " " + r.reason()).containsExactly(
                        "2/1 Started", "2/2 Canary", "2/3 Canary", "2/4 Canary", "2/5 Canary", "2/6 Promote",
                        "2/null Canary", "3/1 Started", "3/2 Canary");
        assertThat(records).extracting(r -> r.transition() + " " + r.revision() + " " + r.reason())
                .contains("failed 3 CanaryCheckFailed", "rolled-back 3 CanaryCheckFailed", "completed 4 NewReplicaSetAvailable");
    }

    /** {@code rollout status --watch=false}: kubectl's line once, with the canary's status. */
    private static String status() {
        return rollbook("rollout", "status", CANARY, "--watch=false").out();
    }

    /** The live page's data, whose explain lines the page prints under a Deployment. */
    private static String liveState() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(up.httpUrl("127.0.0.1") + "/live/state")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
