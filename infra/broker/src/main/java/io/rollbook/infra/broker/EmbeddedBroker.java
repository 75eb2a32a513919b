package io.rollbook.infra.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running inside this JVM: KRaft, one node that is both broker and
 * controller, PLAINTEXT (or SASL with ACLs), its log kept under a data directory so that a restart on the same
 * directory finds every committed record again.
 *
 * <p>It is the embedded default of {@code rollbook up} and the broker of the adapter tests. Topics
 * are not created automatically ({@code auto.create.topics.enable=false}): use {@link Topics#ensure}.
 * The internal topics (offsets, transaction state, share-group state) get replication factor 1, so
 * transactions and consumer groups work on this single node.
 *
 * <p>Kafka's own fault handlers may still halt the JVM on a fatal storage or metadata error, as a
 * standalone broker would (seen with -Xmx128m before the cleaner buffer was cut: OutOfMemoryError).
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    /** Where a plain {@code start(dir, port)} listens and what it advertises. */
    public static final String DEFAULT_HOST = "localhost";
    /** Generous: a cold JVM on a 2-core machine is ready in about 2-3.5 s, a warm one in about 0.5 s. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /** The broker's own principal ({@code User:broker}), the only super user when SASL is on. */
    public static final String SUPER_USER = "broker";
    private static final String SCRAM = "SCRAM-SHA-512";

    private static final int NODE_ID = 1;
    private static final String LOG_SUBDIRECTORY = "kafka";
    private static final String CONFIG_FILE = "server.properties";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private final Map<String, String> adminSecurity;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir,
            Map<String, String> adminSecurity) {
        this.adminSecurity = adminSecurity;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    /** Starts a broker on {@code localhost:port}; see {@link #start(Path, String, int)}. */
    public static EmbeddedBroker start(Path dataDir, int port) {
        return start(dataDir, DEFAULT_HOST, port);
    }

    /**
     * Formats {@code dataDir} if it is new, starts the broker and returns once an admin client can
     * describe the cluster.
     *
     * @param dataDir created if missing; the Kafka log lives in its {@code kafka} subdirectory
     * @param host the PLAINTEXT and controller listeners bind to and advertise this host
     * @param port the PLAINTEXT port, or 0 for a free one (see {@link #bootstrapServers()})
     * @throws IllegalStateException if storage cannot be formatted or the broker is not ready
     *     within {@link #READY_TIMEOUT}; a half-started broker is shut down first
     */
    public static EmbeddedBroker start(Path dataDir, String host, int port) {
        return start(dataDir, host, port, Map.of());
    }

    /**
     * As {@link #start(Path, String, int)}, and with {@code scramUsers} (name to password) not empty:
     * the client listener is SASL_PLAINTEXT with SCRAM-SHA-512 only, the users' credentials are
     * written into the metadata when the directory is formatted, the standard authorizer
     * ({@code StandardAuthorizer}) is on and only {@value #SUPER_USER} is a super user: every other
     * principal may do only what an ACL allows. The controller listener takes SASL PLAIN with the
     * super user's password (KRaft controllers cannot read SCRAM credentials from the metadata they
     * serve). {@code scramUsers} must name {@value #SUPER_USER}; on a directory formatted before,
     * the credentials stored then stay.
     */
    public static EmbeddedBroker start(Path dataDir, String host, int port, Map<String, String> scramUsers) {
        return start(dataDir, host, port, scramUsers, Map.of());
    }

    /**
     * As {@link #start(Path, String, int, Map)}, and with {@code ssl} not empty (the broker's
     * {@code ssl.keystore.*} and {@code ssl.truststore.*} settings, e.g. PEM files) the client listener
     * speaks TLS: SSL, or SASL_SSL with {@code scramUsers}. The broker talks to itself over that
     * listener, so the truststore must hold the CA of its own certificate; the controller listener
     * stays on plain TCP on {@code host}.
     */
    public static EmbeddedBroker start(Path dataDir, String host, int port, Map<String, String> scramUsers,
            Map<String, String> ssl) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(scramUsers, "scramUsers");
        Objects.requireNonNull(ssl, "ssl");
        if (!scramUsers.isEmpty() && !scramUsers.containsKey(SUPER_USER)) {
            throw new IllegalArgumentException("the SCRAM users must include the broker's own, " + SUPER_USER);
        }
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        long started = System.nanoTime();
        Path dir = dataDir.toAbsolutePath();
        // KRaft wants explicit ports in controller.quorum.voters and advertised.listeners, so a
        // port of 0 is resolved here. Another process may grab it before Kafka binds: the start
        // then fails with a clear bind error rather than a wrong address.
        int brokerPort = port == 0 ? freePort(host) : port;
        int controllerPort = freePort(host);
        String superPassword = scramUsers.get(SUPER_USER);
        String protocol = ssl.isEmpty() ? (superPassword == null ? "PLAINTEXT" : "SASL_PLAINTEXT")
                : (superPassword == null ? "SSL" : "SASL_SSL");
        Properties props = serverProperties(dir, host, brokerPort, controllerPort, protocol,
                superPassword == null ? "PLAINTEXT" : "SASL_PLAINTEXT");
        if (superPassword != null) {
            props.putAll(saslProperties(protocol, superPassword));
        }
        props.putAll(ssl);
        Path configFile = writeConfig(dir, props);
        formatStorage(configFile, clusterId(dir.resolve(LOG_SUBDIRECTORY)), scramUsers);

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        Map<String, String> adminSecurity = new HashMap<>(superPassword == null ? Map.of()
                : scramClient(SUPER_USER, superPassword));
        adminSecurity.put("security.protocol", protocol);
        ssl.forEach((key, value) -> {
            if (key.startsWith("ssl.truststore.")) {
                adminSecurity.put(key, value);
            }
        });
        EmbeddedBroker broker = new EmbeddedBroker(server, host + ":" + brokerPort, dir, adminSecurity);
        try {
            server.startup();
        } catch (RuntimeException e) {
            broker.close();
            throw new IllegalStateException("cannot start Kafka broker on " + broker.bootstrapServers
                    + " (controller port " + controllerPort + ", data " + dir + ")", e);
        }
        try {
            broker.awaitReady(started + READY_TIMEOUT.toNanos());
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        log.info("Kafka broker ready on {} (data {}) in {} ms",
                broker.bootstrapServers, dir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return broker;
    }

    /** {@code host:port} of the client listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Shuts the broker down and waits until it has stopped. Later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka broker on {} stopped (data {})", bootstrapServers, dataDir);
    }

    private static Properties serverProperties(Path dir, String host, int brokerPort, int controllerPort,
            String protocol, String controllerProtocol) {
        Properties props = new Properties();
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(NODE_ID)),
                // Static voters: the controller's address comes from this file on every start, so a
                // restart may pick another controller port without touching the stored metadata.
                Map.entry("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort),
                Map.entry("controller.listener.names", "CONTROLLER"),
                // The client listener is named for its protocol; the broker talks to itself over it.
                Map.entry("listeners", protocol + "://" + host + ":" + brokerPort
                        + ",CONTROLLER://" + host + ":" + controllerPort),
                Map.entry("advertised.listeners", protocol + "://" + host + ":" + brokerPort),
                Map.entry("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:" + controllerProtocol),
                Map.entry("inter.broker.listener.name", protocol),
                Map.entry("log.dirs", dir.resolve(LOG_SUBDIRECTORY).toString()),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "6"),
                // The log cleaner allocates this on the heap at startup: Kafka's 128 MiB default was a
                // third of this broker's RSS. 16 MiB (24 bytes a key) still dedupes ~600,000 keys a pass.
                Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024))));
        return props;
    }

    /** SASL on both listeners: SCRAM for clients and between brokers, PLAIN for the controller. */
    private static Map<String, String> saslProperties(String protocol, String password) {
        String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + SUPER_USER
                + "\" password=\"" + password + "\" user_" + SUPER_USER + "=\"" + password + "\";";
        return Map.ofEntries(
                Map.entry("sasl.enabled.mechanisms", SCRAM),
                Map.entry("sasl.mechanism.inter.broker.protocol", SCRAM),
                Map.entry("listener.name." + protocol.toLowerCase(java.util.Locale.ROOT) + ".scram-sha-512.sasl.jaas.config",
                        scramJaas(SUPER_USER, password)),
                Map.entry("listener.name.controller.sasl.enabled.mechanisms", "PLAIN"),
                Map.entry("sasl.mechanism.controller.protocol", "PLAIN"),
                Map.entry("listener.name.controller.plain.sasl.jaas.config", plain),
                Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
                Map.entry("super.users", "User:" + SUPER_USER),
                Map.entry("allow.everyone.if.no.acl.found", "false"));
    }

    /** The client properties of {@code user} on a SASL broker started here. */
    public static Map<String, String> scramClient(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", SCRAM,
                "sasl.jaas.config", scramJaas(user, password));
    }

    private static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    private static Path writeConfig(Path dir, Properties props) {
        Path file = dir.resolve(CONFIG_FILE);
        try {
            Files.createDirectories(dir);
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                props.store(out, "Written by EmbeddedBroker on every start: edits are lost");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write broker config " + file, e);
        }
        return file;
    }

    /**
     * The cluster id already stored in {@code logDir}, or a new one. {@code --ignore-formatted} does
     * not make the id irrelevant: StorageTool still fails when it differs from the stored one.
     */
    private static String clusterId(Path logDir) {
        Path metaFile = logDir.resolve("meta.properties");
        if (!Files.exists(metaFile)) {
            return Uuid.randomUuid().toString();
        }
        Properties meta = new Properties();
        try (Reader in = Files.newBufferedReader(metaFile, StandardCharsets.UTF_8)) {
            meta.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metaFile, e);
        }
        String id = meta.getProperty("cluster.id");
        if (id == null || id.isBlank()) {
            throw new IllegalStateException(metaFile + " has no cluster.id");
        }
        return id;
    }

    /** Formats a new log directory; {@code --ignore-formatted} leaves an existing one untouched. */
    private static void formatStorage(Path configFile, String clusterId, Map<String, String> scramUsers) {
        // StorageTool prints the metadata it writes; keep it for the error message only.
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> argList = new ArrayList<>(List.of(
            "format",
            "--config", configFile.toString(),
            "--cluster-id", clusterId,
            "--ignore-formatted"));
        scramUsers.forEach((user, password) -> {
            argList.add("--add-scram");
            argList.add(SCRAM + "=[name=" + user + ",password=" + password + "]");
        });
        String[] args = argList.toArray(String[]::new);
        int exitCode;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(args, out);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot format Kafka storage with " + configFile
                    + ": " + output.toString(StandardCharsets.UTF_8).strip(), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("formatting Kafka storage with " + configFile + " exited with "
                    + exitCode + ": " + output.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /** Retries describeCluster until the broker lists itself or the deadline passes. */
    private void awaitReady(long deadlineNanos) {
        Map<String, Object> config = new HashMap<>(adminSecurity);
        config.putAll(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
        Exception last = null;
        try (Admin admin = Admin.create(config)) {
            while (true) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                try {
                    if (!admin.describeCluster().nodes().get(remaining, TimeUnit.NANOSECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e;
                } catch (TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker on "
                            + bootstrapServers, e);
                }
                pause();
            }
        }
        throw new IllegalStateException("Kafka broker on " + bootstrapServers + " (data " + dataDir
                + ") not ready within " + READY_TIMEOUT.toSeconds() + " s", last);
    }

    private void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker on "
                    + bootstrapServers, e);
        }
    }
}
