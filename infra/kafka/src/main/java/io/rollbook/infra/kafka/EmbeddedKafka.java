package io.rollbook.infra.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Kafka broker started inside this JVM (the {@code rollbook-broker} module's
 * {@code EmbeddedBroker}: KRaft, one node, its log under a data directory), for the programs that
 * run one: {@code up} without {@code --bootstrap-servers}, {@code demo}, {@code broker}, the bench
 * and the crash test.
 *
 * <p>The broker's jars (the Kafka server, Scala, their own logging) are not on the classpath of
 * every verb: {@code rollbook.jar} lists only the clients, and the build puts the broker and what
 * only it needs into {@code lib/broker/} beside the other jars. This class finds the broker on its
 * own class path when it is there (tests, an IDE), and otherwise loads {@code lib/broker/*.jar} in a
 * class loader of their own, the parent being ours, so the clients and the logging stay shared. The
 * broker's threads are started with that loader as their context class loader, which is where Kafka
 * looks up classes named in its configuration.
 */
public final class EmbeddedKafka implements AutoCloseable {

    static final String BROKER_CLASS = "io.rollbook.infra.broker.EmbeddedBroker";
    static final String BROKER_LIB = "broker";
    /** The broker's own principal when SASL is on (the broker module's {@code EmbeddedBroker.SUPER_USER}). */
    public static final String SUPER_USER = "broker";

    private final AutoCloseable broker;
    private final String bootstrapServers;

    private EmbeddedKafka(AutoCloseable broker, String bootstrapServers) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats {@code dataDir} if it is new, starts the broker on {@code localhost:port} (0 picks a
     * free port) and returns once it answers.
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /**
     * As {@link #start(Path, int)}; with {@code scramUsers} (name to password, including
     * {@value #SUPER_USER}) the broker takes only SASL/SCRAM-SHA-512 clients and authorizes them by
     * ACL ({@link KafkaAcls}), {@value #SUPER_USER} being its only super user.
     */
    public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> scramUsers) {
        return start(dataDir, port, scramUsers, Map.of());
    }

    /**
     * As {@link #start(Path, int, Map)}; with {@code ssl} (the broker's {@code ssl.keystore.*} and
     * {@code ssl.truststore.*} settings, {@link KafkaTls#brokerProperties}) not empty its client
     * listener speaks TLS: SSL, or SASL_SSL with {@code scramUsers}.
     */
    public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> scramUsers, Map<String, String> ssl) {
        ClassLoader loader = brokerLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Class<?> type = Class.forName(BROKER_CLASS, true, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle start = lookup.findStatic(type, "start",
                    MethodType.methodType(type, Path.class, String.class, int.class, Map.class, Map.class));
            MethodHandle bootstrap = lookup.findVirtual(type, "bootstrapServers", MethodType.methodType(String.class));
            AutoCloseable broker = (AutoCloseable) start.invoke(dataDir, "localhost", port, scramUsers, ssl);
            return new EmbeddedKafka(broker, (String) bootstrap.invoke(broker));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The client properties of {@code user} on a broker started with SCRAM users. */
    public static Map<String, String> scramClient(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";");
    }

    /** Where the broker listens, {@code localhost:PORT}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Stops the broker; its log stays in the data directory. */
    @Override
    public void close() {
        try {
            broker.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("stopping the embedded Kafka broker: " + e, e);
        }
    }

    /** Our own class loader when it sees the broker; otherwise one over {@code lib/broker/*.jar}. */
    static ClassLoader brokerLoader() {
        ClassLoader own = EmbeddedKafka.class.getClassLoader();
        if (own.getResource(BROKER_CLASS.replace('.', '/') + ".class") != null) {
            return own;
        }
        Path lib = brokerLib();
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(lib)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded broker's jars are missing: cannot list " + lib
                    + " (rebuild with ./mvnw -B -Dmaven.test.skip=true package, or use --bootstrap-servers)", e);
        }
        return new URLClassLoader("rollbook-broker", jars.toArray(URL[]::new), own);
    }

    /** {@code lib/broker} beside the jar this class came from ({@code lib/rollbook-kafka-*.jar}). */
    private static Path brokerLib() {
        try {
            Path jar = Path.of(EmbeddedKafka.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.resolveSibling(BROKER_LIB);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where rollbook's jars are, to load the embedded broker", e);
        }
    }

    @Override
    public String toString() {
        return "embedded Kafka at " + bootstrapServers;
    }
}
