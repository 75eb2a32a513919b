package io.rollbook.infra.cli;

import io.rollbook.infra.kafka.KafkaAcls;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rollbook kafka-acls}: the ACLs a deployment needs on a Kafka cluster that authorizes, as
 * {@code kafka-acls.sh} lines; with {@code --apply}, created through the Admin client (run it with
 * an admin's {@code --kafka-config}).
 */
@Command(name = "kafka-acls", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print (or --apply) the Kafka ACLs of the engine's and the clients' principals.")
public final class KafkaAclsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--engine-principal", paramLabel = "PRINCIPAL", defaultValue = "User:engine",
            description = "The engine's principal, the only one that writes events (default: ${DEFAULT-VALUE}).")
    String enginePrincipal;

    @Option(names = "--client-principal", paramLabel = "PRINCIPAL", defaultValue = "User:client",
            description = "The clients' principal: writes commands, reads outcomes and events (default: ${DEFAULT-VALUE}).")
    String clientPrincipal;

    @Option(names = "--apply", description = "Create the ACLs through the Admin client instead of printing them.")
    boolean apply;

    @Override
    public Integer call() {
        KafkaAcls acls = new KafkaAcls(kafka.topics(), enginePrincipal, clientPrincipal);
        PrintWriter out = spec.commandLine().getOut();
        if (apply) {
            try (Admin admin = kafka.settings(Map.of()).admin("rollbook-kafka-acls")) {
                acls.apply(admin, Duration.ofSeconds(30));
            }
            out.println(acls.bindings().size() + " ACLs created for " + enginePrincipal + " and " + clientPrincipal);
        } else {
            acls.kafkaAclsLines(kafka.bootstrapServers).forEach(out::println);
        }
        out.flush();
        return 0;
    }
}
