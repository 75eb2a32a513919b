package io.rollbook.infra.cli;

import io.rollbook.infra.broker.EmbeddedBroker;
import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.infra.kafka.CommandLoop;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kafka.Partitions;
import io.rollbook.infra.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When no answer comes within {@code --request-timeout}, the CLI says what is true: no engine at
 * all, or which instance owns the command's partition and has not answered (one of two instances
 * down, before the group has moved its partitions).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NoAnswerMessageIntegrationTest {

    @TempDir
    static Path dir;
    static EmbeddedBroker broker;
    static KafkaSettings kafka;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start(dir.resolve("kafka"), 0);
        kafka = KafkaSettings.of(broker.bootstrapServers());
        try (Admin admin = kafka.admin("test-admin")) {
            Topics.defaults().ensure(admin);
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static String[] scale(String name) {
        return new String[] {"scale", "deployment/" + name, "--replicas=2", "--request-timeout=3",
            "--bootstrap-servers", broker.bootstrapServers()};
    }

    static String err(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(Clock.systemUTC(), new ByteArrayInputStream(new byte[0]));
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args)).isEqualTo(1);
        return err.toString();
    }

    @Test
    @Order(1)
    void withNoEngineItSaysNoneRunsAndWhereTheCommandWaits() {
        int partition = Partitions.of("default/web", 6);
        assertThat(err(scale("web"))).isEqualTo("error: no answer from the engine within 3s: no engine is running"
                + " (consumer group rollbook-engine has no members); the command waits in partition " + partition
                + " of rollbook.commands and runs when one starts\n");
    }

    @Test
    @Order(2)
    void withAnInstanceThatDoesNotAnswerItNamesTheInstanceThatOwnsThePartition() throws Exception {
        // a member of the engine's group that holds every partition and runs nothing: a dead instance
        // whose session has not timed out yet
        KafkaConsumer<String, byte[]> ghost = kafka.consumer(ClientRole.ENGINE_CONSUMER, "ghost",
                Map.of("group.id", CommandLoop.GROUP, "group.instance.id", "rollbook-engine-ghost"));
        try {
            ghost.subscribe(List.of(Topics.defaults().commands()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ghost.poll(Duration.ofMillis(100));
                return ghost.assignment().size() == 6;
            });
            ghost.pause(ghost.assignment());
            int partition = Partitions.of("default/api", 6);
            assertThat(err(scale("api"))).isEqualTo("error: no answer from the engine within 3s: engine instance ghost"
                    + " owns partition " + partition + " of rollbook.commands and has not answered: it may be restoring,"
                    + " or have failed, in which case its partitions move to the other 0 member(s) of the group after"
                    + " its session timeout and the command runs there\n");
        } finally {
            ghost.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
    }
}
