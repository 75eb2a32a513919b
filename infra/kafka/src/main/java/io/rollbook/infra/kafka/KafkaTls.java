package io.rollbook.infra.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TLS of {@code up --kafka-ssl}'s embedded broker: its key and certificate chain as one PEM
 * keystore ({@code DATA_DIR/kafka-ssl/broker.pem}, owner-only, remade from {@code up --tls}'s files
 * on every start) and the CA that signed them, which is the broker's and every client's truststore
 * (Kafka reads PEM files itself: {@code ssl.keystore.type=PEM}, {@code ssl.truststore.type=PEM}).
 * The client files it writes beside them: {@code client.properties} for Java clients
 * ({@code --kafka-config}) and {@code kcat.conf} for kcat ({@code kcat -F}).
 */
public record KafkaTls(Path directory, Path caCert, Path keystore) {

    /** {@code dir/broker.pem} made of {@code serverKey} then {@code serverChain}; {@code caCert} signed the chain. */
    public static KafkaTls of(Path dir, Path caCert, Path serverChain, Path serverKey) {
        Path keystore = dir.resolve("broker.pem");
        try {
            Files.createDirectories(dir);
            PrivateFiles.write(keystore, Files.readString(serverKey) + Files.readString(serverChain));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka broker's keystore " + keystore, e);
        }
        return new KafkaTls(dir.toAbsolutePath(), caCert.toAbsolutePath(), keystore.toAbsolutePath());
    }

    /** The broker's {@code ssl.*} settings ({@link EmbeddedKafka#start(Path, int, Map, Map)}). */
    public Map<String, String> brokerProperties() {
        return Map.of("ssl.keystore.type", "PEM", "ssl.keystore.location", keystore.toString(),
                "ssl.truststore.type", "PEM", "ssl.truststore.location", caCert.toString());
    }

    /**
     * What a Java client adds to talk to the broker: {@code security.protocol} SSL, or SASL_SSL when
     * {@code sasl}, and the CA as its truststore (the broker's name, localhost, is verified).
     */
    public Map<String, String> clientProperties(boolean sasl) {
        return Map.of("security.protocol", sasl ? "SASL_SSL" : "SSL", "ssl.truststore.type", "PEM",
                "ssl.truststore.location", caCert.toString());
    }

    /**
     * kcat's (librdkafka's) settings for the same client: {@code security.protocol} and
     * {@code ssl.ca.location}, with SASL the mechanism, user and password of {@code scram}'s
     * {@code user} (null: none).
     */
    public Map<String, String> kcatProperties(String user, String password) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("security.protocol", user == null ? "ssl" : "sasl_ssl");
        out.put("ssl.ca.location", caCert.toString());
        if (user != null) {
            out.put("sasl.mechanisms", "SCRAM-SHA-512");
            out.put("sasl.username", user);
            out.put("sasl.password", password);
        }
        return out;
    }

    /** Writes {@code client.properties} and {@code kcat.conf} for a client without SASL into {@link #directory}. */
    public void writeClientFiles() {
        Map<String, String> java = new HashMap<>(clientProperties(false));
        PrivateFiles.writeProperties(directory.resolve("client.properties"), java, "Written by rollbook up --kafka-ssl");
        PrivateFiles.writeProperties(directory.resolve("kcat.conf"), kcatProperties(null, null),
                "kcat -F " + directory.resolve("kcat.conf") + " -b BOOTSTRAP -L");
    }

    @Override
    public String toString() {
        return "KafkaTls[" + directory + ", CA " + caCert + "]";
    }
}
