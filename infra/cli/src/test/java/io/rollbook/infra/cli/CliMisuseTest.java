package io.rollbook.infra.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.rollbook.infra.cli.PlanCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CLI misuse: answered with {@code error: ...}, the usage of the verb, exit status 1, and never a
 * stack trace. None of these reach Kafka (no broker runs here; the bootstrap server is unreachable).
 */
class CliMisuseTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown verb              | frobnicate                                     | error: Unmatched argument at index 0: 'frobnicate' | Usage: rollbook
            unknown sub-verb          | rollout frobnicate deployment/web              | error: Unmatched arguments from index 1: 'frobnicate', 'deployment/web' | Usage: rollbook rollout
            scale without resource    | scale --replicas=3                             | error: Missing required parameter               | Usage: rollbook scale
            scale without replicas    | scale deployment/web                           | error: Missing required option: '--replicas=COUNT' | Usage: rollbook scale
            replicas not a number     | scale deployment/web --replicas=abc            | error: Invalid value for option '--replicas': 'abc' is not an int | Usage: rollbook scale
            replicas beyond int32     | scale deployment/web --replicas=3000000000     | error: Invalid value for option '--replicas': '3000000000' is not an int | Usage: rollbook scale
            set image without pairs   | set image deployment/web                       | error: positional parameter at index 0..* (ARGS) requires at least 2 values, but only 1 were specified: [deployment/web] | Usage: rollbook set image
            apply without file        | apply                                          | error: Missing required option: '--filename=FILE' | Usage: rollbook apply
            unknown option            | scale deployment/web --replicas=3 --frob       | error: Unknown option: '--frob'                 | Usage: rollbook scale
            crash-test negative kills | crash-test --kills=abc                         | error: Invalid value for option '--kills': 'abc' is not an int | Usage: rollbook crash-test
            """)
    void misuseIsAnsweredWithUsageAndExitOne(String label, String args, String error, String usage) {
        PlanCommandTest.Run run = run(args.split(" "));

        assertThat(run.exit()).as(label).isEqualTo(1);
        assertThat(run.out()).as(label).isEmpty();
        assertThat(run.err()).as(label).startsWith(error).contains(usage).doesNotContain("\tat ");
    }

    @Test
    void upOffLoopbackWithoutATokenFileRefusesToStart() {
        PlanCommandTest.Run run = run("up", "--http-address", "0.0.0.0", "--bootstrap-servers", "localhost:1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: refusing to serve HTTP on 0.0.0.0 without authentication")
                .contains("--token-auth-file FILE").doesNotContain("\tat ");
    }

    @Test
    void kubeconfigForAUserWithoutATokenNamesTheUser(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens.csv"), "t-alice,alice,1\n");
        PlanCommandTest.Run run = run("kubeconfig", "--user", "bob", "--token-auth-file", tokens.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: no token for user \"bob\" in " + tokens);
        PlanCommandTest.Run alice = run("kubeconfig", "--user", "alice", "--token-auth-file", tokens.toString());
        assertThat(alice.out()).contains("    token: t-alice\n");
    }

    @Test
    void certificateMintsAUserCertificateFromUpsCaAndKubeconfigCarriesIt(@TempDir Path dir) throws Exception {
        PlanCommandTest.Run none = run("certificate", "--user", "carol", "--data-dir", dir.resolve("data").toString());
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).startsWith("error: " + dir.resolve("data").resolve("tls")
                + " holds no ca.crt and ca.key: start `rollbook up --tls` once").doesNotContain("\tat ");

        io.rollbook.infra.auth.Tls.selfSigned(dir.resolve("data").resolve("tls"), "127.0.0.1", java.time.Instant.now());
        PlanCommandTest.Run made = run("certificate", "--user", "carol", "--group", "team-a", "--group", "devs",
                "--data-dir", dir.resolve("data").toString(), "--out", dir.toString());
        assertThat(made.exit()).as(made.err()).isZero();
        Path crt = dir.resolve("carol.crt");
        assertThat(Files.getPosixFilePermissions(dir.resolve("carol.key")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        java.security.cert.X509Certificate cert;
        try (var in = Files.newInputStream(crt)) {
            cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
        }
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=carol,O=devs,O=team-a");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth

        PlanCommandTest.Run again = run("certificate", "--user", "carol", "--data-dir", dir.resolve("data").toString(),
                "--out", dir.toString());
        assertThat(again.err()).contains("exists already");

        PlanCommandTest.Run kubeconfig = run("kubeconfig", "--server", "https://127.0.0.1:8080", "--user", "carol",
                "--client-certificate", crt.toString(), "--client-key", dir.resolve("carol.key").toString());
        assertThat(kubeconfig.exit()).as(kubeconfig.err()).isZero();
        assertThat(kubeconfig.out()).contains("    client-certificate-data: " + java.util.Base64.getEncoder()
                .encodeToString(Files.readAllBytes(crt)) + "\n").contains("    client-key-data: ").doesNotContain("token:");
        PlanCommandTest.Run half = run("kubeconfig", "--client-certificate", crt.toString());
        assertThat(half.err()).startsWith("error: --client-certificate and --client-key go together");
    }

    @Test
    void bareVerbGroupsAskForAVerb() {
        assertThat(run("rollout").exit()).isEqualTo(1);
        assertThat(run("set").exit()).isEqualTo(1);
    }

    @Test
    void badManifestsAreRefusedBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
        Path huge = Files.writeString(dir.resolve("huge.yaml"), "apiVersion: apps/v1\nkind: Deployment\n"
                + "metadata: {name: web, annotations: {a: " + "x".repeat(1_100_000) + "}}\n");
        PlanCommandTest.Run big = run("apply", "-f", huge.toString(), "--bootstrap-servers", "localhost:1");
        assertThat(big.exit()).isEqualTo(1);
        assertThat(big.err()).startsWith("error: the manifest of Deployment \"web\" is ")
                .contains("the limit is 1032192 bytes").doesNotContain("\tat ");

        Path alias = Files.writeString(dir.resolve("bomb.yaml"), "apiVersion: apps/v1\nkind: Deployment\n"
                + "metadata: {name: web}\nx: &x [" + "*y, ".repeat(3) + "1]\ny: &y [1]\n");
        PlanCommandTest.Run undefined = run("apply", "-f", alias.toString(), "--bootstrap-servers", "localhost:1");
        assertThat(undefined.exit()).isEqualTo(1);
        assertThat(undefined.err()).startsWith("error: error parsing " + alias + ": error converting YAML to JSON: ");

        Path unknown = Files.writeString(dir.resolve("sts.yaml"), "apiVersion: apps/v1\nkind: StatefulSet\n"
                + "metadata: {name: web}\n");
        assertThat(run("apply", "-f", unknown.toString(), "--bootstrap-servers", "localhost:1").err())
                .isEqualTo("error: error parsing " + unknown + ": no matches for kind \"StatefulSet\" in version \"apps/v1\"\n");
    }

    @Test
    void anEngineWithoutCommandLoopsIsRefusedBeforeAnythingStarts(@TempDir Path dir) {
        PlanCommandTest.Run up = run("up", "--engine-workers", "0", "--data-dir", dir.resolve("data").toString());
        assertThat(up.exit()).isEqualTo(1);
        assertThat(up.err()).isEqualTo("error: --engine-workers must be at least 1, was 0\n");
        assertThat(dir.resolve("data")).doesNotExist();

        PlanCommandTest.Run bench = run("bench", "--engine-workers", "-2");
        assertThat(bench.exit()).isEqualTo(1);
        assertThat(bench.err()).isEqualTo("error: --engine-workers must be at least 1, was -2\n");
    }
}
