package io.rollbook.infra.kube;

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
 * {@code scripts/kubectl-rollbook}, found by the real kubectl as a plugin on the PATH, forwards
 * {@code kubectl rollbook promote|abort} to {@code rollbook rollout promote|abort} and any other verb
 * as it is (here to {@code echo}, standing in for the rollbook launcher). Skipped without kubectl.
 */
class KubectlPluginTest {

    private static final Path SCRIPTS = Path.of("..", "..", "scripts").toAbsolutePath().normalize();

    @Test
    void forwardsTheCanaryVerbsToRollout() throws Exception {
        assumeTrue(KubectlHarness.kubectlAvailable(), "no kubectl on the PATH");

        assertThat(kubectl("rollbook", "promote", "deployment/web", "--full", "-n", "prod"))
                .isEqualTo("rollout promote deployment/web --full -n prod\n");
        assertThat(kubectl("rollbook", "abort", "deployment/web")).isEqualTo("rollout abort deployment/web\n");
        assertThat(kubectl("rollbook", "explain", "deployment/web")).isEqualTo("explain deployment/web\n");
        assertThat(kubectl("plugin", "list")).contains(SCRIPTS.resolve("kubectl-rollbook").toString());
    }

    private static String kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", SCRIPTS + java.io.File.pathSeparator + System.getenv("PATH"));
        pb.environment().put("ROLLBOOK", "echo");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("kubectl ended").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
