package io.rollbook.infra.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * The SCRAM users of {@code up --kafka-sasl}'s embedded broker, kept in the data directory's
 * {@code kafka-sasl/} (owner-only files): {@code users.properties} (the passwords of
 * {@value EmbeddedKafka#SUPER_USER}, {@value #ENGINE} and {@value #CLIENT}, made on the first start)
 * and, written on every start for the listener of that start ({@link #writeClientFiles}), for
 * {@code --kafka-config} {@code engine.properties} and {@code client.properties}, and for kcat
 * {@code kcat.conf}. Its string form names the users, never their passwords.
 */
public record KafkaCredentials(Path directory, Map<String, String> passwords) {

    public static final String ENGINE = "engine";
    public static final String CLIENT = "client";

    /** The credentials under {@code dataDir}, made now when the broker's log is new. */
    public static KafkaCredentials inDataDir(Path dataDir, Path brokerLog) {
        Path dir = dataDir.resolve("kafka-sasl");
        Path users = dir.resolve("users.properties");
        if (Files.exists(users)) {
            return new KafkaCredentials(dir, read(users));
        }
        if (Files.exists(brokerLog.resolve("meta.properties"))) {
            throw new IllegalStateException("--kafka-sasl: the broker in " + brokerLog + " was first started without it,"
                    + " so it holds no SCRAM users; use a new --data-dir");
        }
        SecureRandom random = new SecureRandom();
        Map<String, String> passwords = Map.of(EmbeddedKafka.SUPER_USER, password(random), ENGINE, password(random),
                CLIENT, password(random));
        PrivateFiles.writeProperties(users, passwords, "Written by rollbook up --kafka-sasl");
        return new KafkaCredentials(dir, passwords);
    }

    /**
     * Refuses to start the broker of {@code dataDir} without {@code --kafka-sasl} when it was first
     * started with it: it would come up open, with no authentication and no ACLs.
     */
    public static void refuseOpenStart(Path dataDir) {
        Path users = dataDir.resolve("kafka-sasl").resolve("users.properties");
        if (Files.exists(users)) {
            throw new IllegalStateException("the broker in " + dataDir + " was first started with --kafka-sasl"
                    + " (its users are in " + users + "); start it with --kafka-sasl again, or it would take every"
                    + " client unauthenticated");
        }
    }

    /** {@code user}'s client properties on the embedded broker. */
    public Map<String, String> clientProperties(String user) {
        return EmbeddedKafka.scramClient(user, passwords.get(user));
    }

    /** {@code user}'s client properties on the embedded broker, over TLS when {@code tls} is not null. */
    public Map<String, String> clientProperties(String user, KafkaTls tls) {
        Map<String, String> out = new java.util.HashMap<>(clientProperties(user));
        if (tls != null) {
            out.putAll(tls.clientProperties(true));
        }
        return Map.copyOf(out);
    }

    /**
     * {@code engine.properties}, {@code client.properties} ({@code --kafka-config}) and
     * {@code kcat.conf} ({@code kcat -F}, as {@value #CLIENT}) for this start's listener:
     * SASL_SSL with {@code tls}, SASL_PLAINTEXT without.
     */
    public void writeClientFiles(KafkaTls tls) {
        String comment = "Written by rollbook up --kafka-sasl on every start";
        PrivateFiles.writeProperties(directory.resolve("engine.properties"), clientProperties(ENGINE, tls), comment);
        PrivateFiles.writeProperties(clientConfig(), clientProperties(CLIENT, tls), comment);
        Map<String, String> kcat = tls != null ? tls.kcatProperties(CLIENT, passwords.get(CLIENT))
                : Map.of("security.protocol", "sasl_plaintext", "sasl.mechanisms", "SCRAM-SHA-512",
                        "sasl.username", CLIENT, "sasl.password", passwords.get(CLIENT));
        PrivateFiles.writeProperties(directory.resolve("kcat.conf"), kcat, comment);
    }

    @Override
    public String toString() {
        return "KafkaCredentials[" + directory + ", users " + new java.util.TreeSet<>(passwords.keySet()) + "]";
    }

    /** The file to give the CLI as {@code --kafka-config}. */
    public Path clientConfig() {
        return directory.resolve("client.properties");
    }

    private static String password(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Map<String, String> read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> out = new java.util.HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return Map.copyOf(out);
    }
}
