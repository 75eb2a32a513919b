package io.rollbook.infra.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.cli.TestCli;
import io.rollbook.infra.kafka.EngineListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The live page in a real headless Chromium against an {@code up} with a token file and an
 * authorization file, as a browser user meets it: without a token the sign-in and no data; a token
 * nobody has is shown 401, one without a cluster-wide role 403 with the API server's sentence; a
 * {@code view} user sees the Deployments, is told read-only, and the page's token cannot write; an
 * admin is told it may edit. Skipped where no Chromium is installed.
 */
class LivePageSignInBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String WEB = "document.querySelector('[data-deployment=\"default/web\"]')";

    @TempDir
    static Path dir;
    static Path chromium;
    static Rollbook up;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        chromium = HeadlessChromium.binary().orElse(null);
        assumeTrue(chromium != null, "no chromium on the PATH (apt-get install chromium): browser test skipped");
        TestCli.AuthFiles auth = TestCli.authFiles(dir);
        up = Rollbook.start(Rollbook.Options.builder().embeddedBroker(dir.resolve("data"), 0).instanceId("sign-in-test")
                        .stages(Stages.defaults()).http("127.0.0.1", 0).tokenAuthFile(auth.tokens())
                        .authorizationFile(auth.authorization()).build(), Clock.systemUTC(), EngineListener.NONE);
        url = up.httpUrl("127.0.0.1") + "/";
        // Through Kafka, as the CLI sends commands: the page is what is under test here.
        assertThat(TestCli.run(up, "apply", "-f", TestCli.example("nginx-deployment.yaml")).exit()).isZero();
        Files.writeString(dir.resolve("web.yaml"), String.join("\n", "apiVersion: apps/v1", "kind: Deployment",
                "metadata:", "  name: web", "spec:", "  replicas: 2", "  selector:", "    matchLabels:",
                "      app: web", "  template:", "    metadata:", "      labels:", "        app: web", "    spec:",
                "      containers:", "      - name: nginx", "        image: nginx:1.25.0", ""));
        assertThat(TestCli.run(up, "apply", "-f", dir.resolve("web.yaml").toString()).exit()).isZero();
    }

    @AfterAll
    static void stop() {
        if (up != null) {
            up.close();
        }
    }

    @Test
    void aViewerSignsInSeesTheDeploymentsAndCannotWrite() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.open(chromium, url)) {
            // Anonymous: the shell loads, its data is refused, the sign-in says why.
            await(browser, "document.body.dataset.auth === '403'");
            assertThat(text(browser, "document.getElementById('sign-in-reason').innerText")).isEqualTo(
                    "403 Forbidden: forbidden: User \"system:anonymous\" cannot get path \"/live/state\". Sign in.");
            assertThat(browser.evaluate("document.getElementById('sign-in').hidden").asBoolean()).isFalse();
            assertThat(browser.evaluate(WEB + " === null").asBoolean()).as("no Deployment shown").isTrue();

            signIn(browser, "t-mallory");
            await(browser, "document.body.dataset.auth === '401'");
            assertThat(text(browser, "document.getElementById('sign-in-reason').innerText"))
                    .startsWith("401 Unauthorized: the server does not know this token.");

            signIn(browser, "t-erin"); // edit in namespace a only: the page spans every namespace
            await(browser, "document.body.dataset.auth === '403'");
            assertThat(text(browser, "document.getElementById('sign-in-reason').innerText")).isEqualTo(
                    "403 Forbidden: forbidden: User \"erin\" cannot get path \"/live/state\". Sign in with another token.");

            signIn(browser, "t-victor");
            await(browser, WEB + " !== null && document.body.dataset.auth === 'token'");
            assertThat(browser.evaluate("document.getElementById('sign-in').hidden").asBoolean()).isTrue();
            assertThat(text(browser, "document.querySelector('[data-deployment=\"default/nginx-deployment\"]').innerText"))
                    .contains("nginx-deployment");
            await(browser, "document.body.dataset.canEdit === 'false'");
            assertThat(text(browser, "document.getElementById('access').innerText")).isEqualTo("read-only");
            assertThat(browser.evaluate("document.querySelectorAll('main button, main form, main input').length").asInt())
                    .as("the page has no write control").isZero();
            // The token is the tab's, never in the address; and a write with it is refused.
            assertThat(text(browser, "sessionStorage.getItem('rollbook.token')")).isEqualTo("t-victor");
            assertThat(text(browser, "location.href")).isEqualTo(url);
            JsonNode write = browser.evaluate("fetch('/apis/apps/v1/namespaces/default/deployments/web/scale', {method:"
                    + " 'PATCH', headers: {'Authorization': 'Bearer ' + sessionStorage.getItem('rollbook.token'),"
                    + " 'Content-Type': 'application/merge-patch+json'}, body: '{\"spec\":{\"replicas\":5}}'})"
                    + ".then(r => r.json().then(s => ({code: r.status, message: s.message})))");
            assertThat(write.path("code").asInt()).isEqualTo(403);
            assertThat(write.path("message").asText()).isEqualTo("deployments.apps \"web\" is forbidden: User \"victor\""
                    + " cannot patch resource \"deployments/scale\" in API group \"apps\" in the namespace \"default\"");

            browser.evaluate("document.getElementById('sign-out').click()");
            await(browser, "document.body.dataset.auth === '403' && " + WEB + " === null");
            assertThat(browser.evaluate("sessionStorage.getItem('rollbook.token')").isNull()).isTrue();
        }
    }

    @Test
    void anAdminIsToldItMayEdit() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.open(chromium, url)) {
            await(browser, "document.body.dataset.auth === '403'");
            signIn(browser, "t-alice");
            await(browser, WEB + " !== null && document.body.dataset.canEdit === 'true'");
            assertThat(text(browser, "document.getElementById('access').innerText")).isEqualTo("may edit");
            browser.screenshot(Path.of("target", "live-page-signed-in.png"));
        }
    }

    /** Types the token into the sign-in field and sends it, as a person would. */
    private static void signIn(HeadlessChromium browser, String token) throws Exception {
        browser.evaluate("(() => { const f = document.getElementById('token'); f.value = '" + token + "';"
                + " document.getElementById('sign-in').requestSubmit(); return true; })()");
    }

    private static String text(HeadlessChromium browser, String expression) throws Exception {
        return browser.evaluate(expression).asText();
    }

    private static void await(HeadlessChromium browser, String condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            // false, not a failure, while the page is still loading (no body yet)
            if (browser.evaluate("(() => { try { return !!(" + condition + "); } catch (e) { return false; } })()")
                    .asBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the page never showed " + condition + "; body "
                + browser.evaluate("JSON.stringify(document.body.dataset)") + ", sign-in "
                + browser.evaluate("document.getElementById('sign-in-reason').innerText"));
    }
}
