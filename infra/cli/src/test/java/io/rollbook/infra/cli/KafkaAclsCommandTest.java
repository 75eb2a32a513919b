package io.rollbook.infra.cli;

import io.rollbook.infra.kafka.EmbeddedKafka;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;

import static io.rollbook.infra.cli.PlanCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code rollbook kafka-acls}: the kafka-acls.sh lines, and {@code --apply} on a broker that authorizes. */
class KafkaAclsCommandTest {

    @Test
    void printsTheAclsAsKafkaAclsLines() {
        PlanCommandTest.Run acls = run("kafka-acls", "--bootstrap-servers", "kafka:9092");

        assertThat(acls.exit()).isEqualTo(0);
        assertThat(acls.out().lines()).contains(
                "kafka-acls.sh --bootstrap-server kafka:9092 --command-config admin.properties --add"
                        + " --allow-principal User:engine --operation Write --topic rollbook.events",
                "kafka-acls.sh --bootstrap-server kafka:9092 --command-config admin.properties --add"
                        + " --allow-principal User:client --operation Write --topic rollbook.commands",
                "kafka-acls.sh --bootstrap-server kafka:9092 --command-config admin.properties --add"
                        + " --allow-principal User:engine --operation Write --transactional-id rollbook-engine-"
                        + " --resource-pattern-type prefixed");
        assertThat(acls.out().lines().filter(l -> l.contains("User:client") && l.contains("--operation Write")))
                .containsExactly("kafka-acls.sh --bootstrap-server kafka:9092 --command-config admin.properties --add"
                        + " --allow-principal User:client --operation Write --topic rollbook.commands");
    }

    @Test
    void aPrincipalWithoutTypeIsRefused() {
        PlanCommandTest.Run acls = run("kafka-acls", "--client-principal", "client");

        assertThat(acls.exit()).isEqualTo(1);
        assertThat(acls.err()).startsWith("error: the client principal must be TYPE:NAME (e.g. User:client), was client");
    }

    @Test
    void appliesThemThroughTheAdminClient(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), 0,
                Map.of(EmbeddedKafka.SUPER_USER, "broker-secret"))) {
            Map<String, String> admin = EmbeddedKafka.scramClient(EmbeddedKafka.SUPER_USER, "broker-secret");
            Properties props = new Properties();
            props.putAll(admin);
            Path config = dir.resolve("admin.properties");
            try (Writer out = Files.newBufferedWriter(config)) {
                props.store(out, null);
            }

            PlanCommandTest.Run applied = run("kafka-acls", "--apply", "--bootstrap-servers", broker.bootstrapServers(),
                    "--kafka-config", config.toString(), "--engine-principal", "User:rollbook");

            assertThat(applied.err()).isEmpty();
            assertThat(applied.out()).isEqualTo("41 ACLs created for User:rollbook and User:client\n");
            try (Admin a = new KafkaSettings(broker.bootstrapServers(), admin).admin("test")) {
                Collection<AclBinding> stored = a.describeAcls(AclBindingFilter.ANY).values().get();
                assertThat(stored).hasSize(41);
                assertThat(stored).anyMatch(b -> b.entry().principal().equals("User:rollbook")
                        && b.pattern().name().equals("rollbook.events"));
            }
        }
    }
}
