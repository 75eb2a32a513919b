package io.rollbook.infra.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's deployment files as tests read them: the root, YAML and JSON, PromQL metric names. */
final class RepoFiles {

    private static final Pattern METRIC = Pattern.compile("\\b((?:rollbook|kafka|jvm|process)_[a-z0-9_]+)\\b");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern GROUPINGS = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

    private RepoFiles() {
    }

    /** The repository root: the nearest directory up from here holding docker-compose.yml. */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docker-compose.yml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }

    static JsonNode yaml(Path file) throws IOException {
        return new YAMLMapper().readTree(file.toFile());
    }

    static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    static Path dashboard() {
        return root().resolve("infra/grafana/dashboards/rollbook.json");
    }

    /** Every metric a PromQL expression names (label names inside matchers and groupings are not metrics). */
    static Set<String> metricNames(String promql) {
        String bare = GROUPINGS.matcher(MATCHERS.matcher(promql).replaceAll("")).replaceAll("");
        Set<String> out = new LinkedHashSet<>();
        Matcher m = METRIC.matcher(bare);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Every metric the dashboard's panels and template variables query. */
    static Set<String> dashboardMetrics(JsonNode dashboard) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.addAll(metricNames(target.path("expr").asText()));
            }
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            out.addAll(metricNames(v.path("definition").asText()));
        }
        return out;
    }
}
