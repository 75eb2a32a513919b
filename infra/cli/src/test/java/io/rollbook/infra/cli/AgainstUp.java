package io.rollbook.infra.cli;

import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.app.Rollbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * A test class that drives the CLI against one {@code up} of its own (in-process, embedded broker in
 * a temporary directory); the class starts it in its {@code @BeforeAll} with {@link #start}.
 */
abstract class AgainstUp {

    @TempDir
    static Path dir;
    static Rollbook up;

    static void start(String instanceId, Stages stages) {
        up = TestCli.up(dir, instanceId, stages);
    }

    @AfterAll
    static void stop() {
        if (up != null) {
            up.close();
            up = null;
        }
    }

    /** {@code rollbook ARGS...} against this class's {@code up}. */
    static TestCli.Run rollbook(String... args) {
        return TestCli.run(up, args);
    }
}
