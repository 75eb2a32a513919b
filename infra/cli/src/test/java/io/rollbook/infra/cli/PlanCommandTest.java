package io.rollbook.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.engine.deployment.Action;
import io.rollbook.engine.deployment.Plan;
import io.rollbook.engine.deployment.PlanPath;
import io.rollbook.engine.deployment.util.Fenceposts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class PlanCommandTest {

    static final Path SNAPSHOTS = Path.of("src", "test", "resources", "snapshots");
    /** The --now every plan example was made at. */
    static final String NOW = "2026-01-01T00:00:00Z";
    private static final Clock CLOCK = Clock.fixed(Instant.parse(NOW), ZoneOffset.UTC);
    /** ComputeHash: the hash's decimal digits mapped through this alphabet, 1 to 10 characters. */
    private static final String HASH = "[bcdfghjklmnpqrstvwxz2456789]{1,10}";

    /** One in-process run of the CLI. */
    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return Codec.json().readTree(out);
        }
    }

    static Run runWithStdin(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.commandLine(CLOCK, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return runWithStdin("", args);
    }

    static String snapshot(String name) {
        return SNAPSHOTS.resolve(name).toString();
    }

    /** A snapshot file as a tree to edit (YAML is a superset of JSON). */
    static ObjectNode tree(String name) throws IOException {
        return (ObjectNode) Codec.yaml().readTree(SNAPSHOTS.resolve(name).toFile());
    }

    static JsonNode expected(String example) throws IOException {
        return Codec.json().readTree(SNAPSHOTS.resolve(example + ".expected.json").toFile());
    }

    /**
     * The plan with every created ReplicaSet's name replaced by {@code <deployment>-<hash>}, after
     * checking that the name has that shape: the hash of a Java port cannot equal Go's (ComputeHash).
     */
    static JsonNode normalised(JsonNode plan) throws IOException {
        String deployment = plan.path("deployment").asText().replaceFirst(".*/", "");
        String text = plan.toString();
        for (JsonNode action : plan.path("actions")) {
            if ("create".equals(action.path("action").asText())) {
                String name = action.path("replicaSet").asText();
                assertThat(name).matches(Pattern.quote(deployment) + "-" + HASH);
                text = text.replace(name, deployment + "-<hash>"); // the shape makes it a safe JSON literal
            }
        }
        return Codec.json().readTree(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rolling-create-and-scale-down", "rolling-scale-down-old", "rolling-scale-up-new",
            "paused-proportional-scaling"})
    void planExampleMatchesItsExpectedOutput(String example) throws IOException {
        Run run = run("plan", "-f", snapshot(example + ".input.json"), "--now", NOW, "-o", "json");

        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(normalised(run.json())).isEqualTo(normalised(expected(example)));
    }

    @Test
    void nowDefaultsToTheInjectedClockAndTakesAnyRfc3339Offset() throws IOException {
        String state = snapshot("rolling-scale-up-new.input.json");

        assertThat(run("plan", "-f", state, "-o", "json").json()).isEqualTo(expected("rolling-scale-up-new"));
        assertThat(run("plan", "-f", state, "--now", "2026-01-01T01:00:00+01:00", "-o", "json").json())
                .isEqualTo(expected("rolling-scale-up-new"));
    }

    @Test
    void readsStdinAndKeepsOnlyTheDeploymentsNamespace() throws IOException {
        ObjectNode state = tree("rolling-scale-up-new.input.json");
        ObjectNode elsewhere = state.withArray("items").get(1).deepCopy();
        ((ObjectNode) elsewhere.get("metadata")).put("namespace", "other").put("name", "foo-v9");
        ((ObjectNode) elsewhere.get("spec")).put("replicas", 5);
        state.withArray("items").add(elsewhere);

        Run run = runWithStdin(state.toString(), "plan", "-f", "-", "--now", NOW, "-o", "json");

        assertThat(run.err()).isEmpty();
        assertThat(run.json()).isEqualTo(expected("rolling-scale-up-new"));
    }

    @Test
    void kubectlGetYamlWithTerminatingOldPodsMakesRecreateWait() throws IOException {
        Run run = run("plan", "-f", snapshot("recreate-old-pods-running.yaml"), "--now", NOW, "-o", "json");

        assertThat(run.err()).isEmpty();
        JsonNode plan = run.json();
        assertThat(plan.path("deployment").asText()).isEqualTo("default/db-migrator");
        assertThat(plan.path("path").asText()).isEqualTo("rollout-recreate");
        assertThat(plan.path("fenceposts")).isEqualTo(Codec.toTree(Map.of("maxSurge", 0, "maxUnavailable", 0)));
        assertThat(plan.path("actions")).isEmpty(); // oldPodsRunning: old pods still run, so no new ReplicaSet yet
        assertThat(plan.at("/status/replicas").asInt()).isZero();
        assertThat(plan.at("/status/availableReplicas").asInt()).isZero();
        assertThat(condition(plan, "Available").path("status").asText()).isEqualTo("False");
        assertThat(run("plan", "-f", snapshot("recreate-old-pods-running.yaml"), "--now", NOW).out())
                .contains("no replica set changes: Recreate waits for 2 old pods to go");
    }

    @Test
    void withoutPodsInTheSnapshotRecreateGoesOnToTheNewReplicaSet() throws IOException {
        ObjectNode state = tree("recreate-old-pods-running.yaml");
        Iterator<JsonNode> items = state.withArray("items").elements();
        while (items.hasNext()) {
            if ("Pod".equals(items.next().path("kind").asText())) {
                items.remove();
            }
        }

        Run run = runWithStdin(state.toString(), "plan", "-f", "-", "--now", NOW, "-o", "json");

        JsonNode create = run.json().at("/actions/0");
        assertThat(create.path("action").asText()).isEqualTo("create");
        assertThat(create.path("replicaSet").asText()).matches("db-migrator-" + HASH);
        assertThat(create.path("replicas").asInt()).isEqualTo(2); // Recreate creates at full size
        assertThat(create.path("revision").asInt()).isEqualTo(2);
    }

    @Test
    void multiDocumentYamlScalesOldReplicaSetToZeroFirst() throws IOException {
        Run run = run("plan", "-f", snapshot("recreate-scale-down-old.yaml"), "--now", NOW);

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("path rollout-recreate  maxSurge 0  maxUnavailable 0")
                .containsPattern("scale +db-migrator-7c9f5d4b6 +2 -> 0 +Recreate: every old pod stops before the new "
                        + "ReplicaSet starts\n")
                .contains("event: Normal ScalingReplicaSet: Scaled down replica set db-migrator-7c9f5d4b6 to 0 from 2");
    }

    @Test
    void tableGivesOneReasonPerAction() {
        Run run = run("plan", "-f", snapshot("rolling-create-and-scale-down.input.json"), "--now", NOW);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("deployment default/foo  path rollout-rolling  maxSurge 3  maxUnavailable 2\n")
                .containsPattern("create +foo-" + HASH + " +0 -> 3 +the new ReplicaSet for revision 2 within maxSurge: "
                        + "10 \\+ 3 - 10 = 3 more allowed\n")
                .containsPattern("scale +foo-v1 +10 -> 8 +10 available, minAvailable 8: 2 old pods may go, oldest "
                        + "ReplicaSet first\n")
                .contains("status: 10 replicas, 0 updated, 10 ready, 10 available, 3 unavailable")
                .contains("condition: Available=True MinimumReplicasAvailable: Deployment has minimum availability.")
                .contains("event: Normal ScalingReplicaSet: Scaled down replica set foo-v1 to 8 from 10");
    }

    @Test
    void tableExplainsScaleUpAndProportionalScaling() {
        assertThat(run("plan", "-f", snapshot("rolling-scale-up-new.input.json")).out())
                .containsPattern("scale +foo-v2 +3 -> 5 +scale up the new ReplicaSet within maxSurge: "
                        + "10 \\+ 3 - 11 = 2 more allowed\n");
        assertThat(run("plan", "-f", snapshot("paused-proportional-scaling.input.json")).out())
                .containsPattern("scale +foo-v2 +3 -> 4 +proportional share of \\+3: size × 10 / max-replicas 7\n");
    }

    @Test
    void optionalPlanFieldsAppearOnlyWhenSet() throws IOException {
        Plan plan = new Plan("shop/web", PlanPath.PAUSED, new Fenceposts(1, 0),
                List.of(new Action.Delete("web-old", "history is over its limit"),
                        new Action.Annotate("web-new", Map.of("deployment.kubernetes.io/revision", "4"), 5,
                                "the new ReplicaSet takes revision 4")),
                DeploymentStatus.EMPTY, Map.of(), List.of(), Duration.ofMillis(1500), new PodTemplateSpec(null, null),
                "hash collision", "old pods to go");

        JsonNode json = Codec.json().readTree(PlanRenderer.json(plan));
        String table = PlanRenderer.table(plan);

        assertThat(json.at("/actions/0")).isEqualTo(Codec.json().readTree(
                "{\"action\":\"delete\",\"replicaSet\":\"web-old\"}"));
        assertThat(json.at("/actions/1/minReadySeconds").asInt()).isEqualTo(5);
        assertThat(json.get("requeueAfterSeconds").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(json.get("deploymentTemplate").isObject()).isTrue();
        assertThat(json.get("error").asText()).isEqualTo("hash collision");
        assertThat(json.at("/actions/1").has("reason") || json.has("idleReason")).isFalse(); // the JSON is as it was
        assertThat(table).containsPattern("delete +web-old +- +history is over its limit\n")
                .containsPattern("annotate +web-new +- +the new ReplicaSet takes revision 4\n")
                .contains("waiting: old pods to go\n", "requeue after 1.5s", "stopped early: hash collision");
        JsonNode bare = Codec.json().readTree(PlanRenderer.json(new Plan("shop/web", PlanPath.PAUSED,
                new Fenceposts(1, 0), List.of(), DeploymentStatus.EMPTY, Map.of(), List.of(), null, null, null,
                null)));
        assertThat(bare.has("requeueAfterSeconds") || bare.has("deploymentTemplate") || bare.has("error")).isFalse();
        assertThat(bare.get("status")).isEqualTo(Codec.json().readTree(Codec.toJson(DeploymentStatus.EMPTY)));
    }

    private static JsonNode condition(JsonNode plan, String type) {
        for (JsonNode c : plan.at("/status/conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        throw new AssertionError("no " + type + " condition in " + plan);
    }

    @Test
    void unparsableInputIsAnError(@TempDir Path dir) throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.yaml"), "kind: [unclosed\n  - :\n");

        Run run = run("plan", "-f", garbage.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: error parsing " + garbage + ": error converting YAML to JSON");
    }

    @Test
    void unreadableOrMissingInputIsAnError(@TempDir Path dir) throws IOException {
        Path binary = Files.write(dir.resolve("binary.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});

        assertThat(run("plan", "-f", dir.toString()).err()).startsWith("error: cannot read " + dir + ": ");
        assertThat(run("plan", "-f", binary.toString()).err()).isEqualTo("error: " + binary + " is not UTF-8 text\n");
        Run run = run("plan", "-f", "no/such/state.yaml");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: the path \"no/such/state.yaml\" does not exist\n");
    }

    @Test
    void aSnapshotWithoutDeploymentIsAnError() {
        String rsOnly = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: foo-v1\n";

        Run run = runWithStdin(rsOnly, "plan", "-f", "-");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: no Deployment in STDIN: a plan needs exactly one\n");
    }

    @Test
    void aSnapshotWithTwoDeploymentsIsAnError() {
        String two = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n---\n"
                + "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\n  namespace: shop\n";

        Run run = runWithStdin(two, "plan", "-f", "-");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo(
                "error: found 2 Deployments in STDIN (default/a, shop/b): a plan needs exactly one\n");
    }

    @Test
    void badNowIsAnErrorWithUsage() {
        Run run = run("plan", "-f", snapshot("rolling-scale-up-new.input.json"), "--now", "yesterday");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: invalid --now \"yesterday\": Text 'yesterday' could not be parsed")
                .contains("Usage: rollbook plan");
    }

    @Test
    void onlyJsonOutputIsKnown() {
        Run run = run("plan", "-f", snapshot("rolling-scale-up-new.input.json"), "-o", "xml");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: unable to match a printer suitable for the output format \"xml\"")
                .contains("Usage: rollbook plan");
    }

    @Test
    void unknownVerbPrintsUsage() {
        Run run = run("frobnicate");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: Unmatched argument at index 0: 'frobnicate'")
                .contains("Usage: rollbook").contains("plan");
    }

    @Test
    void missingArgumentsPrintUsage() {
        assertThat(run().err()).startsWith("error: a verb is required").contains("Usage: rollbook");
        Run run = run("plan");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: Missing required option: '--filename=STATE'");
    }

    @Test
    void helpAndVersionSucceed() {
        Run help = run("plan", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: rollbook plan", "--now=TIME", "--output=FORMAT");
        Run version = run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("rollbook ");
    }
}
