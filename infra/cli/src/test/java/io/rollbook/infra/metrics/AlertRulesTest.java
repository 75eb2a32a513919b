package io.rollbook.infra.metrics;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kubernetes-mixin's Deployment alerts in Rollbook's names ({@code infra/prometheus/alerts.yml})
 * pass Prometheus' own checks: {@code promtool check rules}, and {@code promtool test rules} with
 * series under which each alert fires after its 15 minutes. Skipped where promtool is not installed.
 */
class AlertRulesTest {

    private static final Path DIR = RepoFiles.root().resolve("infra/prometheus");

    @Test
    void theAlertRulesAreValid() throws Exception {
        String out = promtool("check", "rules", DIR.resolve("alerts.yml").toString());
        assertThat(out).contains("SUCCESS: 3 rules found");
    }

    @Test
    void eachAlertFiresWhenItShould() throws Exception {
        assertThat(promtool("test", "rules", DIR.resolve("alerts.test.yml").toString())).contains("SUCCESS");
    }

    @Test
    void theAlertsUseOnlyMetricsRollbookServes() throws Exception {
        List<String> metrics = new ArrayList<>();
        RepoFiles.yaml(DIR.resolve("alerts.yml")).path("groups").forEach(g -> g.path("rules").forEach(r ->
                metrics.addAll(RepoFiles.metricNames(r.path("expr").asText()))));
        assertThat(metrics).isNotEmpty().allSatisfy(m -> assertThat(m).startsWith("rollbook_deployment_"));
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        var binary = RealPrometheus.promtool();
        assumeTrue(binary.isPresent(), "no promtool installed");
        List<String> cmd = new ArrayList<>(List.of(binary.get().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
