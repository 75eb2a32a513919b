package io.rollbook.infra.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * The SCRAM users of {@code up --kafka-sasl}'s embedded broker, kept in the data directory's
 * {@code kafka-sasl/} (owner-only files): {@code users.properties} (the passwords of
 * {@value EmbeddedKafka#SUPER_USER}, {@value #ENGINE} and {@value #CLIENT}, made on the first start)
 * and, for {@code --kafka-config}, {@code engine.properties} and {@code client.properties}.
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
        KafkaCredentials credentials = new KafkaCredentials(dir, passwords);
        write(users, passwords);
        write(dir.resolve("engine.properties"), credentials.clientProperties(ENGINE));
        write(dir.resolve("client.properties"), credentials.clientProperties(CLIENT));
        return credentials;
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

    private static void write(Path file, Map<String, String> values) {
        Properties p = new Properties();
        p.putAll(values);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file); // not a POSIX file system
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                p.store(out, "Written by rollbook up --kafka-sasl");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
