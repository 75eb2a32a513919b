package io.rollbook.infra.cli;

import io.rollbook.infra.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code up}'s policy for a dead loop: it says which loop died and why, and exits with status 1 for
 * its supervisor to restart it. Here the loop dies of a real fatal error: a transaction timeout the
 * broker refuses (above its {@code transaction.max.timeout.ms}), a configuration no retry can cure,
 * which the client reports as a Kafka error of no known kind (so the loop gives up after
 * {@code CommandLoop.UNKNOWN_LIMIT} sessions in a row).
 */
class UpExitPolicyIntegrationTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aLoopKilledByAFatalErrorMakesUpSayWhyAndExitWithStatusOne() throws Exception {
        Path config = dir.resolve("kafka.properties");
        Files.writeString(config, "transaction.timeout.ms=3600000\n"); // the broker allows at most 15 minutes
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("kafka"), 0)) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine(Clock.systemUTC(), new ByteArrayInputStream(new byte[0]));
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int exit = cli.execute("up", "--bootstrap-servers", broker.bootstrapServers(), "--instance-id", "fatal",
                    "--http-port", "0", "--no-kubelet", "--kafka-config", config.toString());

            assertThat(exit).as(err.toString()).isEqualTo(1);
            assertThat(err.toString()).contains("error: engine fatal stopped: KafkaException: Unexpected error in"
                    + " InitProducerIdResponse; The transaction timeout is larger than the maximum value allowed by the"
                    + " broker", "rollbook up: exiting with status 1 so that its supervisor restarts it");
        }
    }
}
