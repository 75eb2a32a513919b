package io.rollbook.infra.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where Kafka is and how to talk to it: bootstrap servers plus the user's client configuration
 * (security: {@code security.protocol}, {@code sasl.*}, {@code ssl.*}; tuning such as
 * {@code session.timeout.ms}) passed through from a config file. Also the one factory of Rollbook's
 * Kafka clients: every consumer, producer and admin client is made here, for a {@link ClientRole}
 * whose named settings say what it needs (see {@link #properties} for which setting wins).
 * Keys are strings, values byte arrays: the codecs are ours. {@code seal} is the key of
 * {@link ActorSeal} ({@link ActorSeal#NONE} for a client such as the CLI).
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties, ActorSeal seal) {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSettings.class);

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        clientProperties = Map.copyOf(clientProperties);
        Objects.requireNonNull(seal, "seal");
    }

    /** The settings with every secret of the client configuration hidden ({@link Secrets}). */
    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", clientProperties="
                + Secrets.hidden(clientProperties) + ", seal=" + (seal == ActorSeal.NONE ? "none" : Secrets.HIDDEN) + "]";
    }

    /** Settings without a seal key: the commands such a process writes are claims ({@link ActorSeal}). */
    public KafkaSettings(String bootstrapServers, Map<String, String> clientProperties) {
        this(bootstrapServers, clientProperties, ActorSeal.NONE);
    }

    /** The same settings, with the key that seals this process's commands and checks those it reads. */
    public KafkaSettings withSeal(ActorSeal value) {
        return new KafkaSettings(bootstrapServers, clientProperties, value);
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of());
    }

    /** A consumer for {@code role}, named {@code clientId}, with the use's {@code own} settings (group ids, ...). */
    public KafkaConsumer<String, byte[]> consumer(ClientRole role, String clientId, Map<String, ?> own) {
        return new KafkaConsumer<>(properties(role, clientId, own), new StringDeserializer(), new ByteArrayDeserializer());
    }

    public KafkaConsumer<String, byte[]> consumer(ClientRole role, String clientId) {
        return consumer(role, clientId, Map.of());
    }

    /** A producer for {@code role}, named {@code clientId}, with the use's {@code own} settings. */
    public KafkaProducer<String, byte[]> producer(ClientRole role, String clientId, Map<String, ?> own) {
        return new KafkaProducer<>(properties(role, clientId, own), new StringSerializer(), new ByteArraySerializer());
    }

    public KafkaProducer<String, byte[]> producer(ClientRole role, String clientId) {
        return producer(role, clientId, Map.of());
    }

    /**
     * A transactional producer with the engine's settings under {@code transactionalId}, which is
     * also its client id. The bench's raw baselines use it too, so they write as the engine writes.
     */
    public KafkaProducer<String, byte[]> transactionalProducer(String transactionalId) {
        return producer(ClientRole.ENGINE_PRODUCER, transactionalId, Map.of("transactional.id", transactionalId));
    }

    /** An admin client named {@code clientId}, with the use's {@code own} settings (timeouts, ...). */
    public Admin admin(String clientId, Map<String, ?> own) {
        return Admin.create(properties(ClientRole.ADMIN, clientId, own));
    }

    public Admin admin(String clientId) {
        return admin(clientId, Map.of());
    }

    /**
     * The properties of a client, from weakest to strongest: the role's defaults, the user's client
     * configuration, the use's {@code own} settings and client id, the role's essentials (a user's
     * setting that one of the last two replaces is logged, never silently dropped).
     */
    Properties properties(ClientRole role, String clientId, Map<String, ?> own) {
        Map<String, Object> all = new HashMap<>(role.defaults());
        all.putAll(clientProperties);
        Map<String, Object> fixed = new HashMap<>(own);
        fixed.put("client.id", clientId);
        fixed.putAll(role.essentials());
        fixed.forEach((key, value) -> {
            String users = clientProperties.get(key);
            if (users != null && !users.equals(String.valueOf(value))) {
                LOG.warn("{}: {}={} from the client configuration is replaced by {} (Rollbook needs it)",
                        clientId, key, Secrets.shown(key, users), Secrets.shown(key, value));
            }
        });
        all.putAll(fixed);
        all.put("bootstrap.servers", bootstrapServers);
        Properties p = new Properties();
        p.putAll(all);
        return p;
    }
}
