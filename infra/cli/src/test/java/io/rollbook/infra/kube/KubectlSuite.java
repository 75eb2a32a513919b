package io.rollbook.infra.kube;

import io.rollbook.infra.kube.KubectlHarness.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A test class that runs the real kubectl against one {@code up} of its own; skipped without kubectl. */
abstract class KubectlSuite {

    @TempDir
    static Path dir;
    static KubectlHarness k;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(KubectlHarness.kubectlAvailable(), "no kubectl on the PATH");
        k = new KubectlHarness(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (k != null) {
            k.close();
            k = null;
        }
    }

    /** A file of the repository's {@code examples/}, as an absolute path. */
    static String example(String name) {
        return Path.of("..", "..", "examples", name).toAbsolutePath().toString();
    }

    /** {@code kubectl ARGS}, which must exit 0. */
    static Run ok(String... args) throws Exception {
        Run r = k.kubectl(args);
        assertThat(r.exit()).as("kubectl %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err())
                .isZero();
        return r;
    }

    /** {@code kubectl ARGS}, which must exit 1 (kubectl's exit for a refusal). */
    static Run fails(String... args) throws Exception {
        Run r = k.kubectl(args);
        assertThat(r.exit()).as("kubectl %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err())
                .isEqualTo(1);
        return r;
    }
}
