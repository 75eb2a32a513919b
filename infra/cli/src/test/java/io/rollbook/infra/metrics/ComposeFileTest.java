package io.rollbook.infra.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is read: every service, port,
 * network, volume and file it names exists and agrees with what the others expect (the Prometheus
 * target is Rollbook's HTTP port, Grafana's provider path is where the dashboards are mounted, ...).
 */
class ComposeFileTest {

    private static final List<String> SERVICES = List.of("kafka", "rollbook", "prometheus", "grafana");

    private final Path root = RepoFiles.root();
    private final JsonNode compose;
    private final JsonNode services;

    ComposeFileTest() throws Exception {
        compose = RepoFiles.yaml(root.resolve("docker-compose.yml"));
        services = compose.path("services");
    }

    @Test
    void runsKafkaRollbookPrometheusAndGrafanaOnOneNetworkWithHealthChecks() {
        assertThat(compose.path("version").isTextual()).as("docker-compose v1 needs a version").isTrue();
        assertThat(compose.has("name")).as("docker-compose v1 rejects a top-level name").isFalse();
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrderElementsOf(SERVICES);
        for (String s : SERVICES) {
            JsonNode service = services.path(s);
            assertThat(service.has("image") || service.has("build")).as(s + " has an image").isTrue();
            assertThat(service.path("networks").toString()).as(s).contains("\"rollbook\"");
            assertThat(service.path("healthcheck").path("test")).as(s + " healthcheck").isNotEmpty();
        }
        assertThat(compose.path("networks").has("rollbook")).isTrue();
    }

    @Test
    void kafkaIsTheOfficialImageInKRaftMode() {
        JsonNode kafka = services.path("kafka");
        assertThat(kafka.path("image").asText()).startsWith("apache/kafka:");
        JsonNode env = kafka.path("environment");
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).contains("broker").contains("controller");
        assertThat(env.toString()).doesNotContainIgnoringCase("zookeeper");
        // Rollbook inside the network and the CLI on the host each reach an advertised listener.
        String advertised = env.path("KAFKA_ADVERTISED_LISTENERS").asText();
        assertThat(advertised).contains("//" + argAfter(services.path("rollbook"), "--bootstrap-servers"));
        assertThat(advertised).contains("//localhost:9092");
        assertThat(ports(kafka)).contains("127.0.0.1:9092:9092");
    }

    @Test
    void everyDependencyWaitsForAHealthyService() {
        Set<String> seen = new HashSet<>();
        for (String s : SERVICES) {
            services.path(s).path("depends_on").fields().forEachRemaining(d -> {
                assertThat(SERVICES).as(s + " depends on").contains(d.getKey());
                assertThat(d.getValue().path("condition").asText()).isEqualTo("service_healthy");
                seen.add(d.getKey());
            });
        }
        assertThat(seen).contains("kafka", "rollbook", "prometheus");
    }

    @Test
    void everyPortIsPublishedOnceAndMatchesWhatTheServiceListensOn() {
        Set<String> hostPorts = new HashSet<>();
        for (String s : SERVICES) {
            for (String p : ports(services.path(s))) {
                assertThat(p).matches("(127\\.0\\.0\\.1:)?\\d+:\\d+");
                String[] parts = p.split(":");
                assertThat(hostPorts.add(parts[parts.length - 2])).as("host port " + p).isTrue();
            }
        }
        assertThat(ports(services.path("rollbook")))
                .contains("8080:" + argAfter(services.path("rollbook"), "--http-port"));
        assertThat(ports(services.path("prometheus"))).contains("127.0.0.1:9090:9090");
        assertThat(ports(services.path("grafana"))).contains("127.0.0.1:3000:3000");
    }

    /**
     * What the README's security section promises of the compose file: HTTP on every address only
     * with the token file and the roles configured (and so with authentication, which up demands off
     * loopback), the token file's admin in the API server's format; Kafka (no SASL: PLAINTEXT
     * listeners), Prometheus (no login) and Grafana (admin/admin) published on the host's loopback only.
     */
    @Test
    void onlyTheAuthenticatedHttpPortIsPublishedBeyondTheHost() throws Exception {
        JsonNode rollbook = services.path("rollbook");
        assertThat(argAfter(rollbook, "--http-address")).isEqualTo("0.0.0.0");
        String tokens = argAfter(rollbook, "--token-auth-file");
        String roles = argAfter(rollbook, "--authorization-file");
        String mounted = mountTarget(rollbook, "./infra/compose");
        assertThat(tokens).isEqualTo(mounted + "/tokens.csv");
        assertThat(roles).isEqualTo(mounted + "/authorization.yaml");
        List<String> tokenLines = Files.readAllLines(root.resolve("infra/compose/tokens.csv")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(tokenLines).hasSize(1);
        assertThat(tokenLines.get(0)).matches("[^,]+,admin,1,\"admins\"");
        JsonNode bindings = RepoFiles.yaml(root.resolve("infra/compose/authorization.yaml")).path("bindings");
        assertThat(bindings.toString()).contains("{\"role\":\"admin\",\"groups\":[\"admins\"]}",
                "{\"role\":\"view\",\"groups\":[\"system:unauthenticated\"]}");
        assertThat(ports(rollbook)).containsExactly("8080:8080");
        for (String s : List.of("kafka", "prometheus", "grafana")) {
            assertThat(ports(services.path(s))).as(s).isNotEmpty().allMatch(p -> p.startsWith("127.0.0.1:"));
        }
        assertThat(services.path("kafka").path("environment").path("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").asText())
                .as("the README says why Kafka here has no SASL").doesNotContain("SASL");
    }

    @Test
    void everyMountedFileExistsAndEveryNamedVolumeIsDeclared() {
        for (String s : SERVICES) {
            for (JsonNode v : services.path(s).path("volumes")) {
                String source = v.asText().split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(root.resolve(source).normalize()).as(s + " mounts " + source).exists();
                } else {
                    assertThat(compose.path("volumes").has(source)).as(s + " uses volume " + source).isTrue();
                }
            }
        }
    }

    @Test
    void rollbookIsBuiltFromTheRepository() throws Exception {
        JsonNode build = services.path("rollbook").path("build");
        Path context = root.resolve(build.path("context").asText()).normalize();
        Path dockerfile = context.resolve(build.path("dockerfile").asText());
        assertThat(dockerfile).isRegularFile();
        String text = Files.readString(dockerfile);
        assertThat(text).contains("FROM eclipse-temurin:17").contains("infra/cli/target/rollbook.jar")
                .contains("infra/cli/target/lib");
        assertThat(Files.readString(root.resolve("infra/cli/pom.xml"))).contains("<finalName>rollbook</finalName>");
        assertThat(context.resolve("mvnw")).isRegularFile();
        assertThat(services.path("rollbook").path("command").toString()).contains("\"up\"").contains("0.0.0.0");
    }

    @Test
    void prometheusScrapesRollbookMetrics() throws Exception {
        JsonNode prometheus = services.path("prometheus");
        String config = mountTarget(prometheus, "./infra/prometheus/prometheus.yml");
        assertThat(prometheus.path("command").toString()).contains("--config.file=" + config);
        JsonNode scrape = RepoFiles.yaml(root.resolve("infra/prometheus/prometheus.yml")).path("scrape_configs");
        JsonNode job = null;
        for (JsonNode j : scrape) {
            if (j.path("job_name").asText().equals("rollbook")) {
                job = j;
            }
        }
        assertThat(job).isNotNull();
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(job.path("static_configs").get(0).path("targets").get(0).asText())
                .isEqualTo("rollbook:" + argAfter(services.path("rollbook"), "--http-port"));
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusDatasourceAndTheDashboard() throws Exception {
        JsonNode grafana = services.path("grafana");
        assertThat(mountTarget(grafana, "./infra/grafana/provisioning")).isEqualTo("/etc/grafana/provisioning");
        String dashboards = mountTarget(grafana, "./infra/grafana/dashboards");
        Path provisioning = root.resolve("infra/grafana/provisioning");
        JsonNode datasource = RepoFiles.yaml(provisioning.resolve("datasources/prometheus.yml"))
                .path("datasources").get(0);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        JsonNode provider = RepoFiles.yaml(provisioning.resolve("dashboards/rollbook.yml")).path("providers").get(0);
        assertThat(provider.path("options").path("path").asText()).isEqualTo(dashboards);
        String home = grafana.path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
        assertThat(home).startsWith(dashboards + "/");
        assertThat(root.resolve("infra/grafana/dashboards").resolve(home.substring(dashboards.length() + 1)))
                .isRegularFile();
        assertThat(RepoFiles.json(RepoFiles.dashboard()).path("panels").toString())
                .contains("\"uid\":\"" + datasource.path("uid").asText() + "\"");
    }

    private static List<String> ports(JsonNode service) {
        List<String> out = new ArrayList<>();
        service.path("ports").forEach(p -> out.add(p.asText()));
        return out;
    }

    /** The container path a host path is mounted on. */
    private static String mountTarget(JsonNode service, String source) {
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts[0].equals(source)) {
                return parts[1];
            }
        }
        throw new AssertionError(source + " is not mounted");
    }

    private static String argAfter(JsonNode service, String flag) {
        JsonNode command = service.path("command");
        for (int i = 0; i + 1 < command.size(); i++) {
            if (command.get(i).asText().equals(flag)) {
                return command.get(i + 1).asText();
            }
        }
        throw new AssertionError(flag + " is not in the command " + command);
    }
}
