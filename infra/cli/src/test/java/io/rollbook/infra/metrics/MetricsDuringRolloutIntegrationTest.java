package io.rollbook.infra.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.cli.TestCli;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code GET /metrics} of a whole {@code up}, in-process, while the CLI rolls a Deployment out: the
 * object series move with the rollout, the engine series count what happened, and every metric the
 * Grafana dashboard queries is there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsDuringRolloutIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    static Path dir;
    static Rollbook up;
    static String url;
    /** A real Prometheus scraping {@code up} from the start, where one is installed. */
    static RealPrometheus prometheus;

    @BeforeAll
    static void start() throws Exception {
        // Slow enough that a 10-replica rollout takes several scrapes: each pod needs 0.2 s + 0.4 s (+ jitter).
        Stages stages = new Stages(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(200), 0.2,
                Stages.defaults().nodes(), 7);
        up = TestCli.up(dir, "metrics-test", stages);
        url = up.httpUrl("127.0.0.1");
        Optional<Path> binary = RealPrometheus.binary();
        if (binary.isPresent()) {
            prometheus = new RealPrometheus(binary.get(), dir.resolve("prometheus"), URI.create(url).getAuthority(),
                    RepoFiles.root().resolve("infra/prometheus/alerts.yml"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        up.close();
    }

    @Test
    @Order(1)
    void objectSeriesMoveDuringARolloutAndEngineSeriesCountIt() throws Exception {
        apply("web", 10, "nginx:1.25.0", 0);
        awaitRolledOut("web");
        Scrape before = Scrape.of(url);
        assertThat(before.get("rollbook_deployment_spec_replicas", "namespace", "default", "deployment", "web"))
                .isEqualTo(10);
        assertThat(before.get("rollbook_deployment_revision", "deployment", "web")).isEqualTo(1);
        assertThat(before.get("rollbook_rollouts_total", "outcome", "complete")).isEqualTo(1);

        assertThat(TestCli.run(up, "set", "image", "deployment/web", "nginx=nginx:1.25.1", "--record").exit()).isZero();
        Set<Integer> updatedDuringRollout = new TreeSet<>();
        Set<Integer> oldDuringRollout = new TreeSet<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Scrape s;
        while (true) {
            s = Scrape.of(url);
            int revision = (int) s.get("rollbook_deployment_revision", "deployment", "web");
            int updated = (int) s.get("rollbook_deployment_status_replicas_updated", "deployment", "web");
            int replicas = (int) s.get("rollbook_deployment_status_replicas", "deployment", "web");
            int available = (int) s.get("rollbook_deployment_status_replicas_available", "deployment", "web");
            if (revision == 2) {
                updatedDuringRollout.add(updated);
                oldDuringRollout.add(replicas - updated);
            }
            if (revision == 2 && updated == 10 && replicas == 10 && available == 10
                    && s.get("rollbook_rollouts_total", "outcome", "complete") == 2) {
                break;
            }
            assertThat(System.nanoTime()).as("rollout finished in time").isLessThan(deadline);
            Thread.sleep(100);
        }
        // The new ReplicaSet grew in steps (maxSurge 2) while the old one shrank: the series moved.
        assertThat(updatedDuringRollout).as("updated replicas seen").contains(10).hasSizeGreaterThan(2);
        assertThat(updatedDuringRollout.stream().anyMatch(n -> n > 0 && n < 10)).isTrue();
        assertThat(oldDuringRollout.stream().anyMatch(n -> n > 0)).as("old replicas seen").isTrue();

        assertThat(s.get("rollbook_deployment_spec_paused", "deployment", "web")).isZero();
        assertThat(s.get("rollbook_deployment_metadata_generation", "deployment", "web"))
                .isEqualTo(s.get("rollbook_deployment_status_observed_generation", "deployment", "web"));
        assertThat(s.get("rollbook_deployment_status_replicas_ready", "deployment", "web")).isEqualTo(10);
        assertThat(s.get("rollbook_deployment_status_replicas_unavailable", "deployment", "web")).isZero();
        assertThat(s.get("rollbook_deployment_status_condition", "deployment", "web", "condition", "Available",
                "status", "true", "reason", "MinimumReplicasAvailable")).isEqualTo(1);
        assertThat(s.get("rollbook_deployment_status_condition", "deployment", "web", "condition", "Progressing",
                "status", "true", "reason", "NewReplicaSetAvailable")).isEqualTo(1);
        assertThat(s.get("rollbook_deployment_status_condition", "deployment", "web", "condition", "Progressing",
                "status", "false")).isZero();
        List<Scrape.Series> sets = s.all("rollbook_replicaset_spec_replicas", "namespace", "default");
        assertThat(sets).hasSize(2).extracting(Scrape.Series::value).containsExactlyInAnyOrder(0.0, 10.0);
        assertThat(s.all("rollbook_replicaset_status_ready_replicas")).hasSize(2);
        assertThat(s.all("rollbook_replicaset_status_replicas")).hasSize(2);

        assertThat(s.get("rollbook_commands_total", "type", "SetImage", "outcome", "accepted")).isEqualTo(1);
        assertThat(s.get("rollbook_commands_total", "type", "Apply", "outcome", "accepted")).isEqualTo(1);
        assertThat(s.get("rollbook_commands_total", "type", "ReportPod", "outcome", "accepted")).isGreaterThan(20);
        assertThat(s.get("rollbook_command_latency_seconds_count", "type", "SetImage", "outcome", "accepted"))
                .isEqualTo(1);
        assertThat(s.get("rollbook_command_latency_seconds_bucket", "type", "SetImage", "outcome", "accepted",
                "le", "+Inf")).isEqualTo(1);
        assertThat(s.get("rollbook_rollout_duration_seconds_count", "outcome", "complete")).isEqualTo(2);
        assertThat(s.get("rollbook_rollout_duration_seconds_sum", "outcome", "complete")).isGreaterThan(0);
        assertThat(s.get("rollbook_deployment_rollout_duration_seconds", "deployment", "web", "revision", "2"))
                .isGreaterThan(0);
        assertThat(s.get("rollbook_events_appended_total")).isGreaterThan(100);
        assertThat(s.get("rollbook_events_folded_total", "type", "RolloutCompleted")).isEqualTo(2);
        assertThat(s.get("rollbook_partition_restores_total")).isEqualTo(6);
        assertThat(s.all("rollbook_consumer_lag", "group", "rollbook-engine", "topic", "rollbook.commands"))
                .hasSize(6);
        assertThat(s.all("kafka_producer_record_send_total", "rollbook_client", "engine")).isNotEmpty();
        assertThat(s.all("kafka_consumer_fetch_manager_records_consumed_total", "rollbook_client", "engine"))
                .isNotEmpty();
        assertThat(s.names()).contains("jvm_memory_used_bytes");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(Scrape.of(url).all("rollbook_consumer_lag")
                .stream().mapToDouble(Scrape.Series::value).sum()).isZero());
    }

    @Test
    @Order(2)
    void everyMetricTheDashboardQueriesIsServed() throws Exception {
        Set<String> queried = new TreeSet<>(RepoFiles.dashboardMetrics(RepoFiles.json(RepoFiles.dashboard())));
        // Kafka registers some client metrics (per-partition records-lag) only after a fetch, and the
        // binder picks new ones up every few seconds: wait for them instead of scraping once.
        await().atMost(PATIENCE).untilAsserted(() -> {
            Set<String> missing = new TreeSet<>(queried);
            missing.removeAll(Scrape.of(url).names());
            assertThat(missing).as("queried by the dashboard but not in /metrics").isEmpty();
        });
    }

    @Test
    @Order(3)
    void rejectedCommandsAndDeadLetteredRecordsAreCounted() throws Exception {
        assertThat(TestCli.run(up, "scale", "deploy/nope", "--replicas=1").exit()).isEqualTo(1);
        try (KafkaProducer<String, byte[]> p = up.kafka().producer(ClientRole.COMMAND_PRODUCER, "test-raw")) {
            p.send(new ProducerRecord<>(Topics.defaults().commands(), "default/x",
                    "this is not a command".getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            Scrape s = Scrape.of(url);
            assertThat(s.get("rollbook_commands_total", "type", "Scale", "outcome", "rejected")).isEqualTo(1);
            assertThat(s.get("rollbook_deadletter_records_total")).isEqualTo(1);
        });
    }

    /** The series existed at 0 before the first rejection, so increase() sees it (it did not when born at 1). */
    @Test
    @Order(4)
    void increaseCountsTheFirstRejectedPause() throws Exception {
        assumeTrue(prometheus != null, "no prometheus installed");
        assertThat(TestCli.run(up, "rollout", "pause", "deploy/nope").exit()).isEqualTo(1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(prometheus.series(
                "increase(rollbook_commands_total{type=\"Pause\",outcome=\"rejected\"}[5m])"))
                .singleElement().satisfies(v -> assertThat(v.path("value").path(1).asDouble()).isPositive()));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(prometheus.series(
                "increase(rollbook_command_latency_seconds_count{type=\"Pause\",outcome=\"rejected\"}[5m])"))
                .singleElement().satisfies(v -> assertThat(v.path("value").path(1).asDouble()).isPositive()));
    }

    @Test
    @Order(5)
    void aRolloutPastItsProgressDeadlineCountsAsFailed() throws Exception {
        apply("stuck", 2, "nginx:1.25.0", 2);
        awaitRolledOut("stuck");
        TestCli.run(up, "set", "image", "deployment/stuck", "nginx=nginx:broken"); // never becomes Ready
        await().atMost(PATIENCE).untilAsserted(() -> {
            Scrape s = Scrape.of(url);
            assertThat(s.get("rollbook_rollouts_total", "outcome", "failed")).isEqualTo(1);
            assertThat(s.get("rollbook_deployment_status_condition", "deployment", "stuck", "condition",
                    "Progressing", "status", "false", "reason", "ProgressDeadlineExceeded")).isEqualTo(1);
            assertThat(s.get("rollbook_rollout_duration_seconds_count", "outcome", "failed")).isEqualTo(1);
        });
    }

    @Test
    @Order(6)
    void aDeletedDeploymentLeavesTheScrape() throws Exception {
        assertThat(TestCli.run(up, "delete", "deployment/web").exit()).isZero();
        await().atMost(PATIENCE).untilAsserted(() -> {
            Scrape s = Scrape.of(url);
            assertThat(s.all("rollbook_deployment_spec_replicas", "deployment", "web")).isEmpty();
            assertThat(s.all("rollbook_deployment_status_condition", "deployment", "web")).isEmpty();
            assertThat(s.all("rollbook_deployment_rollout_duration_seconds", "deployment", "web")).isEmpty();
            assertThat(s.all("rollbook_replicaset_owner", "owner_name", "web")).isEmpty();
            assertThat(s.all("rollbook_deployment_spec_replicas", "deployment", "stuck")).hasSize(1);
        });
    }

    /**
     * Every query of every dashboard panel, as Grafana sends it (variables for all namespaces and
     * Deployments), parses and gives the panel at least one series; every alert rule parses and is
     * evaluated healthy.
     */
    @Test
    @Order(7)
    void everyDashboardQueryAndAlertRuleWorksInPrometheus() throws Exception {
        assumeTrue(prometheus != null, "no prometheus installed");
        for (JsonNode panel : RepoFiles.json(RepoFiles.dashboard()).path("panels")) {
            List<String> queries = new ArrayList<>();
            panel.path("targets").forEach(t -> queries.add(t.path("expr").asText().replace("$namespace", ".*")
                    .replace("$deployment", ".*").replace("$__rate_interval", "1m")));
            if (queries.isEmpty()) {
                continue;
            }
            await().atMost(PATIENCE).untilAsserted(() -> {
                int series = 0;
                for (String q : queries) {
                    JsonNode answer = prometheus.query(q);
                    assertThat(answer.path("status").asText()).as("%s: %s", q, answer.path("error").asText())
                            .isEqualTo("success");
                    series += prometheus.series(q).size();
                }
                assertThat(series).as("series of panel \"%s\"", panel.path("title").asText()).isPositive();
            });
        }
        for (JsonNode group : RepoFiles.yaml(RepoFiles.root().resolve("infra/prometheus/alerts.yml")).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                JsonNode answer = prometheus.query(rule.path("expr").asText());
                assertThat(answer.path("status").asText()).as(rule.path("alert").asText()).isEqualTo("success");
            }
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<String> health = new ArrayList<>();
            prometheus.rules().path("data").path("groups").forEach(g -> g.path("rules").forEach(r ->
                    health.add(r.path("name").asText() + " " + r.path("health").asText())));
            assertThat(health).containsExactlyInAnyOrder("RollbookDeploymentGenerationMismatch ok",
                    "RollbookDeploymentReplicasMismatch ok", "RollbookDeploymentRolloutStuck ok");
        });
    }

    /** The "records consumed" panel sums one copy of Kafka's metric per client, not the per-topic copies too. */
    @Test
    @Order(8)
    void theRecordsConsumedPanelCountsEachRecordOnce() throws Exception {
        assumeTrue(prometheus != null, "no prometheus installed");
        String expr = null;
        for (JsonNode panel : RepoFiles.json(RepoFiles.dashboard()).path("panels")) {
            if (panel.path("title").asText().equals("Consumer: records consumed")) {
                expr = panel.path("targets").path(0).path("expr").asText();
            }
        }
        assertThat(expr).isNotNull();
        java.util.regex.Matcher selector = java.util.regex.Pattern
                .compile("kafka_consumer_fetch_manager_records_consumed_total\\{[^}]*}").matcher(expr);
        assertThat(selector.find()).as(expr).isTrue();
        String counted = "count by (client_id) (" + selector.group() + ")";
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(prometheus.series(counted))
                .isNotEmpty().allSatisfy(v -> assertThat(v.path("value").path(1).asInt()).as(v.toString()).isEqualTo(1)));
    }

    private static void apply(String name, int replicas, String image, int progressDeadlineSeconds) throws Exception {
        List<String> yaml = new ArrayList<>(List.of(
                "apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: " + name, "spec:",
                "  replicas: " + replicas, "  selector:", "    matchLabels:", "      app: " + name,
                "  strategy:", "    type: RollingUpdate", "    rollingUpdate:", "      maxSurge: 2",
                "      maxUnavailable: 0"));
        if (progressDeadlineSeconds > 0) {
            yaml.add("  progressDeadlineSeconds: " + progressDeadlineSeconds);
        }
        yaml.addAll(List.of("  template:", "    metadata:", "      labels:", "        app: " + name, "    spec:",
                "      containers:", "      - name: nginx", "        image: " + image));
        Path file = dir.resolve(name + ".yaml");
        Files.write(file, yaml);
        TestCli.Run run = TestCli.run(up, "apply", "-f", file.toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("deployment.apps/" + name + " created\n");
    }

    private static void awaitRolledOut(String name) {
        assertThat(TestCli.run(up, "rollout", "status", "deployment/" + name, "--timeout=120s").out())
                .endsWith("successfully rolled out\n");
    }
}
