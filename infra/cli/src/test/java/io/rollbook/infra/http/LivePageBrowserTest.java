package io.rollbook.infra.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.cli.TestCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The live page of {@code up} in a real headless Chromium: loaded once, it shows a rollout move
 * (old, new and available pods in the bar) without being reloaded, and ends on the final state with
 * the revision timeline and the events; under a stuck Deployment it says why ({@code rollbook explain}'s
 * lines). Skipped where no Chromium is installed; screenshots are
 * kept in {@code infra/target/} (live-page-rollout.png mid-rollout, live-page.png at the end).
 */
class LivePageBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String CARD = "document.querySelector('[data-deployment=\"default/web\"]')";
    /** The card's counts as the page shows them, or null while the page has no card for web. */
    private static final String SAMPLE = "(() => { const c = " + CARD + "; if (!c) return null; const d = c.dataset;"
            + " return {revision: +d.revision, state: d.state, old: +d.old, fresh: +d.new, starting: +d.starting,"
            + " available: +d.available, desired: +d.desired, updates: +document.body.dataset.updates,"
            + " marker: window.rollbookTestMarker || null}; })()";

    @TempDir
    static Path dir;
    static Path chromium;
    static Rollbook up;

    @BeforeAll
    static void start() {
        chromium = HeadlessChromium.binary().orElse(null);
        assumeTrue(chromium != null, "no chromium on the PATH (apt-get install chromium): browser test skipped");
        // 0.3 s to start, 0.6 s more to be ready: a 12-replica rollout, 2 pods at a time, lasts seconds.
        Stages stages = new Stages(Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofMillis(300), 0.2,
                Stages.defaults().nodes(), 11);
        up = TestCli.up(dir, "browser-test", stages);
    }

    @AfterAll
    static void stop() {
        if (up != null) {
            up.close();
        }
    }

    @Test
    void thePageShowsARolloutLiveAndItsFinalState() throws Exception {
        Path manifest = dir.resolve("web.yaml");
        Files.writeString(manifest, String.join("\n", "apiVersion: apps/v1", "kind: Deployment",
                "metadata:", "  name: web", "spec:", "  replicas: 12", "  selector:", "    matchLabels:",
                "      app: web", "  strategy:", "    rollingUpdate:", "      maxSurge: 2", "      maxUnavailable: 0",
                "  template:", "    metadata:", "      labels:", "        app: web", "    spec:", "      containers:",
                "      - name: nginx", "        image: nginx:1.25.0", ""));
        assertThat(TestCli.run(up, "apply", "-f", manifest.toString()).exit()).isZero();
        assertThat(TestCli.run(up, "rollout", "status", "deployment/web", "--timeout=120s").exit()).isZero();

        try (HeadlessChromium browser = HeadlessChromium.open(chromium, up.httpUrl("127.0.0.1") + "/")) {
            JsonNode before = awaitSample(browser, s -> s.path("state").asText().equals("Complete")
                    && s.path("revision").asInt() == 1 && s.path("available").asInt() == 12);
            assertThat(before.path("old").asInt()).isZero();
            browser.evaluate("window.rollbookTestMarker = 'same page'"); // gone if the page ever reloads

            assertThat(TestCli.run(up, "set", "image", "deployment/web", "nginx=nginx:1.25.1", "--record").exit())
                    .isZero();
            Set<String> midRollout = new LinkedHashSet<>();
            List<JsonNode> samples = new ArrayList<>();
            boolean shot = false;
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            JsonNode s;
            while (true) {
                s = browser.evaluate(SAMPLE);
                samples.add(s);
                boolean mixed = s.path("revision").asInt() == 2 && s.path("old").asInt() > 0
                        && s.path("fresh").asInt() > 0;
                if (mixed) {
                    midRollout.add(s.path("old").asInt() + " old / " + s.path("starting").asInt() + " starting / "
                            + s.path("available").asInt() + " available");
                    if (!shot && s.path("available").asInt() > 0) {
                        browser.screenshot(Path.of("target", "live-page-rollout.png"));
                        shot = true;
                    }
                }
                if (s.path("revision").asInt() == 2 && s.path("state").asText().equals("Complete")
                        && s.path("old").asInt() == 0 && s.path("available").asInt() == 12) {
                    break;
                }
                assertThat(System.nanoTime()).as("rollout shown complete in time; samples " + samples)
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
            // The bars moved in the page as it was: several mixed states, then the final one.
            assertThat(midRollout).as("old/new mixes the page showed").hasSizeGreaterThanOrEqualTo(2);
            assertThat(s.path("marker").asText()).isEqualTo("same page");
            assertThat(s.path("updates").asInt()).isGreaterThan(before.path("updates").asInt());

            String card = browser.evaluate(CARD + ".innerText").asText();
            assertThat(card).contains("revision 2").contains("Complete").contains("nginx:1.25.1")
                    .contains("deployment \"web\" successfully rolled out");
            assertThat(browser.evaluate(CARD + ".querySelector('.explain').hidden").asBoolean())
                    .as("no explanation under a complete Deployment").isTrue();
            String timeline = browser.evaluate(CARD + ".querySelector('.timeline').innerText").asText();
            assertThat(timeline).contains("revision 2").contains("revision 1")
                    .contains("rollbook set image deployment/web nginx=nginx:1.25.1 --record");
            String events = browser.evaluate("document.getElementById('events').innerText").asText();
            assertThat(events).contains("ScalingReplicaSet").contains("RolloutCompleted")
                    .contains("revision 2 successfully rolled out");
            Thread.sleep(600); // the bar's width transition (0.45 s) settles before the picture
            browser.screenshot(Path.of("target", "live-page.png"));
        }
        assertThat(Path.of("target", "live-page.png")).isRegularFile();
        assertThat(Path.of("target", "live-page-rollout.png")).isRegularFile();
    }

    @Test
    void underAStuckDeploymentThePageSaysWhy() throws Exception {
        Path manifest = dir.resolve("stuck.yaml");
        Files.writeString(manifest, String.join("\n", "apiVersion: apps/v1", "kind: Deployment",
                "metadata:", "  name: stuck", "spec:", "  replicas: 2", "  selector:", "    matchLabels:",
                "      app: stuck", "  template:", "    metadata:", "      labels:", "        app: stuck", "    spec:",
                "      containers:", "      - name: nginx", "        image: nginx:broken", ""));
        assertThat(TestCli.run(up, "apply", "-f", manifest.toString()).exit()).isZero();
        String stuck = "document.querySelector('[data-deployment=\"default/stuck\"] .explain')";

        try (HeadlessChromium browser = HeadlessChromium.open(chromium, up.httpUrl("127.0.0.1") + "/")) {
            String shown = null;
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode text = browser.evaluate("(() => { const e = " + stuck
                        + "; return e && !e.hidden ? e.innerText : null; })()");
                if (text != null && text.asText().contains("not ready")) {
                    shown = text.asText();
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(shown).as("the explanation under the stuck Deployment").isNotNull()
                    .contains("deployment.apps/stuck at revision 1")
                    .contains("new pod stuck-").contains("progress deadline");
            String expected = TestCli.run(up, "explain", "deployment/stuck").out();
            assertThat(expected).as("rollbook explain says the same").contains("deployment.apps/stuck at revision 1");
        }
    }

    private static JsonNode awaitSample(HeadlessChromium browser, java.util.function.Predicate<JsonNode> done)
            throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode s = null;
        while (System.nanoTime() < deadline) {
            s = browser.evaluate(SAMPLE);
            if (s != null && !s.isNull() && done.test(s)) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the page never showed the expected state; last " + s);
    }
}
