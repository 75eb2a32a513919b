package io.rollbook.infra.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where Kafka is and how to talk to it: bootstrap servers plus any client settings (security:
 * {@code security.protocol}, {@code sasl.*}, {@code ssl.*}) passed through from a config file.
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties) {

    public KafkaSettings {
        clientProperties = Map.copyOf(clientProperties);
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of());
    }

    /** Base properties for any client, with {@code overrides} on top. */
    public Properties properties(Map<String, Object> overrides) {
        Map<String, Object> all = new HashMap<>(clientProperties);
        all.put("bootstrap.servers", bootstrapServers);
        all.putAll(overrides);
        Properties p = new Properties();
        p.putAll(all);
        return p;
    }
}
