package io.rollbook.infra.cli;

import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.KafkaSettings;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Options every verb that talks to Kafka shares (docs/contract.md, "The command line"). */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
            description = "Kafka to talk to (default: ${DEFAULT-VALUE}, where `rollbook up` listens).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = Topics.DEFAULT_PREFIX,
            description = "Prefix of Rollbook's topics (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*, ...) passed through as they are.")
    Path kafkaConfig;

    KafkaSettings settings(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>(fromFile());
        props.putAll(overrides);
        return new KafkaSettings(bootstrapServers, props);
    }

    Topics topics() {
        return Topics.withPrefix(topicPrefix);
    }

    private Map<String, String> fromFile() {
        return clientProperties(kafkaConfig);
    }

    /** Kafka client properties from a properties file, passed through as they are; empty for null. */
    static Map<String, String> clientProperties(Path kafkaConfig) {
        if (kafkaConfig == null) {
            return Map.of();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(kafkaConfig)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --kafka-config " + kafkaConfig + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }
}
