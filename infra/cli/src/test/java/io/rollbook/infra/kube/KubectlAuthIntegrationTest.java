package io.rollbook.infra.kube;

import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.auth.Tls;
import io.rollbook.infra.cli.KubeconfigCommand;
import io.rollbook.infra.cli.TestCli;
import io.rollbook.infra.kafka.EngineListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.File;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real kubectl against an {@code up} started with a token file and an authorization file: what
 * anonymous, view, namespace-edit and admin users may do, the API server's 401 and 403 words, and
 * {@code kubectl auth can-i} agreeing with it; with {@code --client-ca-file}, a user of a client
 * certificate and one from a CA {@code up} does not know. Skipped without kubectl.
 */
class KubectlAuthIntegrationTest {

    @TempDir
    static Path dir;
    static Rollbook up;
    static String url;
    static HttpClient https;

    /** A client context that trusts only {@code ca}, as kubectl does with the kubeconfig's CA. */
    static SSLContext trusting(Path ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(KubectlHarness.kubectlAvailable(), "no kubectl on the PATH");
        TestCli.AuthFiles auth = TestCli.authFiles(dir);
        Stages fast = new Stages(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(50), 0.2,
                Stages.defaults().nodes(), 3);
        up = Rollbook.start(Rollbook.Options.builder().embeddedBroker(dir.resolve("data"), 0).instanceId("auth-test")
                .stages(fast).http("127.0.0.1", 0).tokenAuthFile(auth.tokens()).authorizationFile(auth.authorization())
                        .tlsSelfSigned(true)
                        .clientCaFile(dir.resolve("data").resolve("tls").resolve("ca.crt")).build(),
                Clock.systemUTC(), EngineListener.NONE);
        url = up.httpUrl("127.0.0.1");
        assertThat(url).startsWith("https://");
        Path ca = dir.resolve("data").resolve("tls").resolve("ca.crt");
        String caData = Base64.getEncoder().encodeToString(Files.readAllBytes(ca));
        https = HttpClient.newBuilder().sslContext(trusting(ca)).build();
        for (String[] u : new String[][]{{"anonymous", null}, {"alice", "t-alice"}, {"victor", "t-victor"},
                {"erin", "t-erin"}, {"mallory", "t-mallory"}}) {
            Files.writeString(dir.resolve(u[0] + ".kubeconfig"), KubeconfigCommand.render(url, "default", u[1], caData));
        }
        // carol has no token: a certificate from up --tls's CA, in group team-a; eve's is from a CA up does not know.
        Tls.ClientCertificate carol = Tls.clientCertificate(dir.resolve("data").resolve("tls"), "carol",
                List.of("team-a"), Instant.now());
        Files.writeString(dir.resolve("carol.kubeconfig"),
                KubeconfigCommand.render(url, "default", null, caData, carol.certificate(), carol.key()));
        Path otherCa = dir.resolve("other-ca");
        Tls.selfSigned(otherCa, "127.0.0.1", Instant.now());
        Tls.ClientCertificate eve = Tls.clientCertificate(otherCa, "eve", List.of("admins"), Instant.now());
        Files.writeString(dir.resolve("eve.kubeconfig"),
                KubeconfigCommand.render(url, "default", null, caData, eve.certificate(), eve.key()));
        Files.writeString(dir.resolve("eve-as-alice.kubeconfig"),
                KubeconfigCommand.render(url, "default", "t-alice", caData, eve.certificate(), eve.key()));
    }

    @AfterAll
    static void stop() {
        if (up != null) {
            up.close();
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run kubectl(String user, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig=" + dir.resolve(user + ".kubeconfig"),
                "--cache-dir=" + dir.resolve("cache-" + user)));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        return new Run(p.isAlive() ? -1 : p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static String nginx() {
        return Path.of("..", "..", "examples", "nginx-deployment.yaml").toAbsolutePath().toString();
    }

    /**
     * kubectl with no credentials over HTTPS asks for a username (and reads EOF here); with a
     * username and password it sends Basic credentials, which the API server (it has no basic
     * authentication) and so Rollbook take as anonymous.
     */
    @Test
    void anAnonymousApplyIsRefusedAsTheApiServerRefusesIt() throws Exception {
        Run r = kubectl("anonymous", "--username=nobody", "--password=x", "apply", "-f", nginx(), "-n", "a");
        assertThat(r.exit()).isEqualTo(1);
        // kubectl's words for the 403 on /openapi/v3 that its validation asks for first.
        assertThat(r.err()).contains("error validating data: failed to download openapi: unknown");
        Run get = kubectl("anonymous", "--username=nobody", "--password=x", "get", "--raw", "/apis/apps/v1/namespaces/a/deployments");
        assertThat(get.err()).isEqualTo("Error from server (Forbidden): deployments.apps is forbidden: User"
                + " \"system:anonymous\" cannot list resource \"deployments\" in API group \"apps\" in the namespace \"a\"\n");
        Run prompted = kubectl("anonymous", "get", "deploy", "-n", "a");
        assertThat(prompted.out()).contains("Please enter Username");
        assertThat(prompted.err()).isEqualTo("error: EOF\n");
    }

    @Test
    void aTokenNobodyHasIsUnauthorized() throws Exception {
        Run r = kubectl("mallory", "get", "deploy", "-n", "a");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: You must be logged in to the server (the server has asked for the client to provide credentials)");
    }

    @Test
    void aViewUserReadsButCannotWrite() throws Exception {
        assertThat(kubectl("victor", "get", "deploy", "-n", "b").err()).isEqualTo("No resources found in b namespace.\n");
        Run write = kubectl("victor", "create", "deployment", "web", "--image=nginx", "-n", "b");
        assertThat(write.exit()).isEqualTo(1);
        assertThat(write.err()).isEqualTo("error: failed to create deployment: deployments.apps is forbidden: User"
                + " \"victor\" cannot create resource \"deployments\" in API group \"apps\" in the namespace \"b\"\n");
    }

    @Test
    void anEditUserOfNamespaceACannotTouchB() throws Exception {
        assertThat(kubectl("erin", "apply", "-f", nginx(), "-n", "a").out())
                .isEqualTo("deployment.apps/nginx-deployment created\n");
        Run other = kubectl("erin", "apply", "-f", nginx(), "-n", "b");
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.err()).contains("deployments.apps \"nginx-deployment\" is forbidden: User \"erin\" cannot get"
                + " resource \"deployments\" in API group \"apps\" in the namespace \"b\"");
        Run delete = kubectl("erin", "delete", "deployment", "x", "-n", "b");
        assertThat(delete.err()).isEqualTo("Error from server (Forbidden): deployments.apps \"x\" is forbidden: User"
                + " \"erin\" cannot delete resource \"deployments\" in API group \"apps\" in the namespace \"b\"\n");
    }

    @Test
    void authCanIAgrees() throws Exception {
        assertThat(kubectl("erin", "auth", "can-i", "create", "deployments", "-n", "a").out()).isEqualTo("yes\n");
        Run no = kubectl("erin", "auth", "can-i", "delete", "deployments", "-n", "b");
        assertThat(no.out()).isEqualTo("no\n");
        assertThat(no.exit()).isEqualTo(1);
        assertThat(kubectl("victor", "auth", "can-i", "list", "deployments", "-n", "b").out()).isEqualTo("yes\n");
        assertThat(kubectl("victor", "auth", "can-i", "patch", "deployments", "-n", "b").out()).isEqualTo("no\n");
        assertThat(kubectl("alice", "auth", "can-i", "delete", "replicasets", "-n", "z").out()).isEqualTo("yes\n");
    }

    @Test
    void onlyAnAdminImpersonates() throws Exception {
        assertThat(kubectl("alice", "--as=victor", "auth", "can-i", "patch", "deployments", "-n", "b").out())
                .isEqualTo("no\n");
        Run refused = kubectl("erin", "--as=alice", "get", "deploy", "-n", "a");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("users \"alice\" is forbidden: User \"erin\" cannot impersonate resource"
                + " \"users\" in API group \"\" at the cluster scope");
    }

    /** As the API server's x509 authenticator: the subject's CN is the user, its O values the groups. */
    @Test
    void aClientCertificateAuthenticatesAsItsCommonNameInItsOrganizations() throws Exception {
        assertThat(kubectl("carol", "auth", "can-i", "create", "deployments", "-n", "a").out()).isEqualTo("yes\n");
        assertThat(kubectl("carol", "create", "deployment", "cert-web", "--image=nginx", "-n", "a").out())
                .isEqualTo("deployment.apps/cert-web created\n");
        Run other = kubectl("carol", "delete", "deployment", "x", "-n", "b");
        assertThat(other.err()).isEqualTo("Error from server (Forbidden): deployments.apps \"x\" is forbidden: User"
                + " \"carol\" cannot delete resource \"deployments\" in API group \"apps\" in the namespace \"b\"\n");
        HttpResponse<String> audit = https.send(HttpRequest.newBuilder(
                        URI.create(url + "/rollbook/v1/audit?namespace=a&name=cert-web"))
                .header("Authorization", "Bearer t-alice").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(audit.body()).contains("\"carol\"");
    }

    /**
     * A certificate that --client-ca-file did not sign authenticates no one, as on the API server
     * (which asks for a certificate without requiring it and verifies it in its x509 authenticator):
     * kubectl is told it must log in, rather than seeing its connection reset in the handshake, and
     * eve, who claims group admins, is not even anonymous (anonymous may read namespace a here).
     */
    @Test
    void aCertificateFromAnotherCaIsUnauthorizedWithKubectlsMessage() throws Exception {
        Run r = kubectl("eve", "get", "deployments", "-n", "a");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        // 401 already on discovery, which kubectl words as for a token nobody has
        assertThat(r.err()).endsWith("error: You must be logged in to the server (the server has asked for the client"
                + " to provide credentials)\n").doesNotContain("Forbidden", "connection reset", "EOF");
    }

    /** As the API server's union of authenticators: the x509 error does not stop the bearer token. */
    @Test
    void aCertificateThatDoesNotVerifyLeavesItToTheToken() throws Exception {
        Run r = kubectl("eve-as-alice", "auth", "can-i", "create", "deployments", "-n", "b");
        assertThat(r.out()).as(r.err()).isEqualTo("yes\n"); // alice's token, group admins; eve's certificate ignored
    }

    @Test
    void theEventsNameWhoAuthenticated() throws Exception {
        kubectl("alice", "--as=erin", "--as-group=team-a", "create", "deployment", "imp", "--image=nginx", "-n", "a");
        kubectl("erin", "scale", "deployment", "imp", "--replicas=2", "-n", "a");
        HttpResponse<String> audit = https.send(HttpRequest.newBuilder(
                        URI.create(url + "/rollbook/v1/audit?namespace=a&name=imp"))
                .header("Authorization", "Bearer t-alice").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body()).contains("\"erin (impersonated by alice)\"", "\"erin\"");
        HttpResponse<String> anonymous = https.send(HttpRequest.newBuilder(
                URI.create(url + "/rollbook/v1/audit")).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).contains("\"reason\":\"Forbidden\"", "cannot get path \\\"/rollbook/v1/audit\\\"");
    }
}
