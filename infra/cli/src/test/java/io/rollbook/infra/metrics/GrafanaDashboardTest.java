package io.rollbook.infra.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provisioned dashboard is valid Grafana JSON with the panels the issue asks for, every query
 * on the provisioned datasource. That the metrics it queries exist is checked against a real
 * scrape by {@link MetricsDuringRolloutIntegrationTest}.
 */
class GrafanaDashboardTest {

    private final JsonNode dashboard;

    GrafanaDashboardTest() throws Exception {
        dashboard = RepoFiles.json(RepoFiles.dashboard());
    }

    @Test
    void hasTheRequiredPanels() {
        List<String> titles = new ArrayList<>();
        dashboard.path("panels").forEach(p -> titles.add(p.path("title").asText()));
        assertThat(titles).contains("Replicas: desired vs available", "Rollout: updated vs old replicas",
                "Conditions", "Commands by type and outcome", "Command latency by type and outcome (p50, p99)",
                "Rollouts by outcome", "Rollout duration (p50, p90)", "Rollout duration by revision",
                "Consumer lag per partition");
        assertThat(dashboard.path("uid").asText()).isEqualTo("rollbook");
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    }

    @Test
    void everyQueryUsesTheProvisionedDatasource() throws Exception {
        JsonNode datasources = RepoFiles.yaml(RepoFiles.root()
                .resolve("infra/grafana/provisioning/datasources/prometheus.yml"));
        String uid = datasources.path("datasources").get(0).path("uid").asText();
        for (JsonNode p : dashboard.path("panels")) {
            if (p.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(p.path("datasource").path("uid").asText()).as(p.path("title").asText()).isEqualTo(uid);
            assertThat(p.path("targets")).as(p.path("title").asText()).isNotEmpty();
            for (JsonNode t : p.path("targets")) {
                assertThat(t.path("expr").asText()).as(p.path("title").asText()).isNotBlank();
                assertThat(balanced(t.path("expr").asText())).as(t.path("expr").asText()).isTrue();
            }
        }
    }

    @Test
    void panelsHaveUniqueIdsAndFitTheGrid() {
        Set<Integer> ids = new HashSet<>();
        boolean[][] taken = new boolean[200][24];
        for (JsonNode p : dashboard.path("panels")) {
            assertThat(ids.add(p.path("id").asInt())).as("id " + p.path("id")).isTrue();
            JsonNode g = p.path("gridPos");
            int x = g.path("x").asInt();
            int y = g.path("y").asInt();
            int w = g.path("w").asInt();
            int h = g.path("h").asInt();
            assertThat(x + w).as(p.path("title").asText()).isLessThanOrEqualTo(24);
            for (int r = y; r < y + h; r++) {
                for (int c = x; c < x + w; c++) {
                    assertThat(taken[r][c]).as("overlap at " + p.path("title").asText()).isFalse();
                    taken[r][c] = true;
                }
            }
        }
    }

    @Test
    void queriesTheKubeStateMetricsShapedSeries() {
        assertThat(RepoFiles.dashboardMetrics(dashboard)).contains("rollbook_deployment_spec_replicas",
                "rollbook_deployment_status_replicas_available", "rollbook_deployment_status_replicas_updated",
                "rollbook_deployment_status_condition", "rollbook_commands_total",
                "rollbook_command_latency_seconds_bucket", "rollbook_rollout_duration_seconds_bucket",
                "rollbook_consumer_lag");
    }

    @Test
    void labelNamesAreNotTakenForMetrics() {
        assertThat(RepoFiles.metricNames("sum by (rollbook_x) (rate(kafka_a_total{rollbook_client=\"engine\"}[1m]))"
                + " * on(namespace) group_left(owner_name) rollbook_replicaset_owner{owner_name=~\"a\"}"))
                .containsExactly("kafka_a_total", "rollbook_replicaset_owner");
    }

    private static boolean balanced(String expr) {
        int depth = 0;
        for (char c : expr.toCharArray()) {
            depth += c == '(' || c == '{' || c == '[' ? 1 : c == ')' || c == '}' || c == ']' ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }
}
