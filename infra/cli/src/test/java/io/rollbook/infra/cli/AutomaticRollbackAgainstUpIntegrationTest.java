package io.rollbook.infra.cli;

import io.rollbook.api.rollout.RolloutRecord;
import io.rollbook.api.rollout.RolloutRecords;
import io.rollbook.infra.kafka.ReadToEnd;
import io.rollbook.infra.kafka.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The "done when", through {@code up}: the seed's nginx Deployment with
 * {@code rollbook.io/on-progress-deadline: rollback} and a 5 s deadline gets {@code nginx:broken}
 * (a tag the kubelet stand-in never readies), says why while it is stuck, rolls back by itself, and
 * {@code rollbook.rollouts} holds exactly one record per transition.
 */
class AutomaticRollbackAgainstUpIntegrationTest extends AgainstUp {

    static final String NGINX = "deployment/nginx-deployment";

    @BeforeAll
    static void start() {
        start("rollback-test", TestCli.fastStages());
    }

    @Test
    void aBrokenImageRollsBackByItselfAfterItsDeadline() throws Exception {
        String seed = Files.readString(Path.of(TestCli.example("nginx-deployment.yaml")));
        Path manifest = dir.resolve("nginx-rollback.yaml");
        Files.writeString(manifest, seed
                .replace("  labels:\n    app: nginx\nspec:\n",
                        "  labels:\n    app: nginx\n  annotations:\n    rollbook.io/on-progress-deadline: rollback\nspec:\n"
                                + "  progressDeadlineSeconds: 5\n"));
        assertThat(rollbook("apply", "-f", manifest.toString()).out()).isEqualTo("deployment.apps/nginx-deployment created\n");
        assertThat(rollbook("rollout", "status", NGINX).out()).endsWith("successfully rolled out\n");

        assertThat(rollbook("set", "image", NGINX, "nginx=nginx:broken").out())
                .isEqualTo("deployment.apps/nginx-deployment image updated\n");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rollbook("explain", NGINX).out())
                .contains("at revision 2, progressing").contains(" not ready: ").contains("progress deadline at "));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(rollbook("rollout", "history", NGINX,
                "-o", "wide").out()).containsPattern("\n2 .*nginx:broken .* failed\n").containsPattern("\n3 .*nginx:1.14.2 .* rollbook-controller .* complete\n"));
        assertThat(rollbook("get", "deployment", "nginx-deployment", "-o", "yaml").out()).contains("image: nginx:1.14.2");
        assertThat(rollbook("explain", NGINX).out()).contains("last decision of rollbook.io/on-progress-deadline=rollback")
                .contains("0 of 3 new pods ready");

        TestCli.Run refused = rollbook("rollout", "undo", NGINX, "--to-revision=2");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).startsWith("error: revision 2 failed at ").endsWith("use --force to roll back to it anyway\n");
        TestCli.Run dryRun = rollbook("rollout", "undo", NGINX, "--to-revision=2", "--force", "--dry-run");
        assertThat(dryRun.out()).startsWith("deployment.apps/nginx-deployment Pod Template:\n")
                .contains("-     Image:\tnginx:1.14.2\n+     Image:\tnginx:broken\n").endsWith("(dry run)\n");

        List<RolloutRecord> records = new ArrayList<>();
        ReadToEnd.readAll(up.kafka(), "test-rollouts", Topics.defaults().rollouts(),
                r -> records.add(RolloutRecords.decode(r.value())));
        assertThat(records).extracting(r -> r.transition() + " " + r.revision() + " " + r.actor()).containsExactly(
                "started 1 " + records.get(0).actor(), "completed 1 rollbook-controller",
                "started 2 " + records.get(2).actor(), "failed 2 rollbook-controller",
                "rolled-back 2 rollbook-controller", "started 3 rollbook-controller", "completed 3 rollbook-controller");
    }
}
