package io.rollbook.infra.app;

import io.rollbook.engine.kubelet.Stages;
import io.rollbook.engine.network.PodNetwork;
import io.rollbook.infra.auth.AuthFilter;
import io.rollbook.infra.auth.Authorizer;
import io.rollbook.infra.auth.Policy;
import io.rollbook.infra.auth.Tls;
import io.rollbook.infra.auth.TokenFile;
import io.rollbook.infra.auth.User;
import io.rollbook.infra.kafka.ActorSeal;
import io.rollbook.infra.kafka.EmbeddedKafka;
import io.rollbook.infra.kafka.KafkaAcls;
import io.rollbook.infra.kafka.KafkaCredentials;
import io.rollbook.infra.kafka.KafkaTls;
import io.rollbook.infra.http.CommandRoutes;
import io.rollbook.infra.http.HealthRoutes;
import io.rollbook.infra.http.HttpApi;
import io.rollbook.infra.http.LiveRoutes;
import io.rollbook.infra.http.ReadRoutes;
import io.rollbook.infra.kube.KubeRoutes;
import io.rollbook.infra.http.RecentEvents;
import io.rollbook.infra.metrics.RollbookMetrics;
import io.rollbook.infra.projection.KafkaEventHistory;
import io.rollbook.infra.projection.ProjectionCheckpointFile;
import io.rollbook.infra.projection.ProjectionRunner;
import io.rollbook.projections.ProjectionStore;
import io.rollbook.infra.kafka.SnapshotPolicy;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.CommandLoop;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kafka.LoopHealth;
import io.rollbook.infra.kafka.Replication;
import io.rollbook.infra.kubelet.KubeletRunner;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The composition root of {@code rollbook up}: a Kafka (embedded, or an external cluster), the
 * topics, the engine's command loop, the kubelet stand-in and the projections, each on its own
 * thread, and the HTTP port.
 */
public final class Rollbook implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Rollbook.class);

    /**
     * What to run, made by {@link #builder()}. {@code bootstrapServers} null means an embedded broker
     * on {@code kafkaPort} in {@code dataDir}. {@code engineWorkers} command loops share the command
     * topic's partitions, each a group member with its own transactional producer (see
     * {@link CommandLoop#workerId}). {@code httpPort} below 0 means no HTTP, and so no projections:
     * an engine-only process. {@code commandToken} is the bearer token that
     * {@code POST /rollbook/v1/commands} requires; null refuses that endpoint (unless a token file
     * is given). {@code tokenAuthFile} and {@code authorizationFile} (null: none) configure who may
     * use HTTP ({@link AuthFilter}), with {@code clientCaFile} (null: none) the CA whose client
     * certificates authenticate; without either HTTP must stay on a loopback address.
     */
    public record Options(String bootstrapServers, Map<String, String> kafkaClientProperties, Path dataDir,
                          int kafkaPort, Topics topics, int partitions, String instanceId, Stages stages,
                          boolean kubelet, String httpAddress, int httpPort, int engineWorkers, String commandToken,
                          Replication replication, String podNetworkCidr, Path tokenAuthFile,
                          Path authorizationFile, Path tlsCertFile, Path tlsKeyFile, boolean tlsSelfSigned,
                          Path clientCaFile, Path sealKeyFile, boolean kafkaSasl, boolean kafkaSsl,
                          SnapshotPolicy snapshots) {

        public Options {
            kafkaClientProperties = Map.copyOf(kafkaClientProperties);
        }

        /** The options, with the command token and the secrets of the Kafka client properties hidden. */
        @Override
        public String toString() {
            return "Options[bootstrapServers=" + bootstrapServers + ", kafkaClientProperties="
                    + io.rollbook.infra.kafka.Secrets.hidden(kafkaClientProperties) + ", dataDir=" + dataDir
                    + ", instanceId=" + instanceId + ", http=" + httpAddress + ":" + httpPort + ", commandToken="
                    + (commandToken == null ? "none" : io.rollbook.infra.kafka.Secrets.HIDDEN) + ", tokenAuthFile="
                    + tokenAuthFile + ", authorizationFile=" + authorizationFile + ", tls=" + (tlsSelfSigned
                    ? "self-signed" : tlsCertFile) + ", clientCaFile=" + clientCaFile + ", kafkaSasl=" + kafkaSasl
                    + ", kafkaSsl=" + kafkaSsl + ", snapshots=" + snapshots + "]";
        }

        /** The pod network the kubelet stand-in hands addresses from, and {@code net check} reads. */
        public PodNetwork podNetwork() {
            return PodNetwork.of(podNetworkCidr, stages.nodes());
        }

        public static Builder builder() {
            return new Builder();
        }

        boolean http() {
            return httpPort >= 0;
        }

        boolean embedded() {
            return bootstrapServers == null;
        }

        /** Options with the defaults of {@code rollbook up}; {@link #build} validates them. */
        public static final class Builder {
            private String bootstrapServers;
            private Map<String, String> kafkaClientProperties = Map.of();
            private Path dataDir = Path.of("rollbook-data");
            private int kafkaPort = 9092;
            private Topics topics = Topics.defaults();
            private int partitions = Topics.DEFAULT_PARTITIONS;
            private String instanceId;
            private Stages stages = Stages.defaults();
            private boolean kubelet = true;
            private String podNetworkCidr = PodNetwork.DEFAULT_CLUSTER_CIDR;
            private String httpAddress;
            private int httpPort = -1;
            private int engineWorkers = CommandLoop.DEFAULT_WORKERS;
            private String commandToken;
            private Replication replication = Replication.FOR_CLUSTER;
            private Path tokenAuthFile;
            private Path authorizationFile;
            private Path tlsCertFile;
            private Path tlsKeyFile;
            private boolean tlsSelfSigned;
            private Path clientCaFile;
            private Path sealKeyFile;
            private boolean kafkaSasl;
            private boolean kafkaSsl;
            private SnapshotPolicy snapshots = SnapshotPolicy.DEFAULT;

            private Builder() {
            }

            /** Join this Kafka cluster instead of starting an embedded broker (null: embedded). */
            public Builder bootstrapServers(String bootstrapServers) {
                this.bootstrapServers = bootstrapServers;
                return this;
            }

            /** Client properties for every Kafka client (security, tuning), as {@code --kafka-config} gives them. */
            public Builder kafkaClientProperties(Map<String, String> properties) {
                this.kafkaClientProperties = properties;
                return this;
            }

            /** The embedded broker's data directory and port (0: any free one). */
            public Builder embeddedBroker(Path dataDir, int kafkaPort) {
                this.dataDir = dataDir;
                this.kafkaPort = kafkaPort;
                return this;
            }

            /** The topics, and the partitions of those that are created now. */
            public Builder topics(Topics topics, int partitions) {
                this.topics = topics;
                this.partitions = partitions;
                return this;
            }

            /** This instance's stable id: its group membership and transactional ids derive from it. */
            public Builder instanceId(String instanceId) {
                this.instanceId = instanceId;
                return this;
            }

            /** Run the kubelet stand-in with these stage delays (or not at all: {@link #noKubelet}). */
            public Builder stages(Stages stages) {
                this.stages = stages;
                return this;
            }

            public Builder noKubelet() {
                this.kubelet = false;
                return this;
            }

            /** Serve HTTP (and so run the projections) on {@code address:port}; port 0 picks a free one. */
            public Builder http(String address, int port) {
                this.httpAddress = address;
                this.httpPort = port;
                return this;
            }

            public Builder engineWorkers(int engineWorkers) {
                this.engineWorkers = engineWorkers;
                return this;
            }

            /** {@code --pod-network-cidr}: the cluster's pod CIDR, a /24 of it per node (default 10.244.0.0/16). */
            public Builder podNetworkCidr(String podNetworkCidr) {
                this.podNetworkCidr = podNetworkCidr;
                return this;
            }

            public Builder commandToken(String commandToken) {
                this.commandToken = commandToken;
                return this;
            }

            /** {@code --token-auth-file}: the API server's static token CSV (null: no authentication). */
            public Builder tokenAuthFile(Path tokenAuthFile) {
                this.tokenAuthFile = tokenAuthFile;
                return this;
            }

            /** {@code --authorization-file}: the roles (null: every authenticated user may do everything). */
            public Builder authorizationFile(Path authorizationFile) {
                this.authorizationFile = authorizationFile;
                return this;
            }

            /** {@code --tls-cert-file} and {@code --tls-private-key-file}: serve HTTPS with these PEM files. */
            public Builder tls(Path certFile, Path keyFile) {
                this.tlsCertFile = certFile;
                this.tlsKeyFile = keyFile;
                return this;
            }

            /** {@code up --tls}: serve HTTPS with a self-signed CA and certificate kept in {@code DATA_DIR/tls}. */
            public Builder tlsSelfSigned(boolean tlsSelfSigned) {
                this.tlsSelfSigned = tlsSelfSigned;
                return this;
            }

            /**
             * {@code --client-ca-file}: a client certificate this CA signed authenticates its subject's
             * CN as the user and its O values as groups (null: no client certificates); needs TLS.
             */
            public Builder clientCaFile(Path clientCaFile) {
                this.clientCaFile = clientCaFile;
                return this;
            }

            /**
             * {@code --seal-key-file}: the key that seals the commands this instance's HTTP edge and
             * kubelet write and checks those its engine reads ({@link ActorSeal}); null: {@code
             * DATA_DIR/seal.key}, made on the first start. Instances sharing a cluster share the file.
             */
            public Builder sealKeyFile(Path sealKeyFile) {
                this.sealKeyFile = sealKeyFile;
                return this;
            }

            /**
             * {@code --kafka-sasl}: the embedded broker takes only SASL/SCRAM clients and authorizes
             * them by Rollbook's ACLs ({@link KafkaAcls}); this instance's clients are {@code User:engine}.
             */
            public Builder kafkaSasl(boolean kafkaSasl) {
                this.kafkaSasl = kafkaSasl;
                return this;
            }

            /**
             * {@code --kafka-ssl}: the embedded broker's client listener speaks TLS (SSL, or SASL_SSL
             * with {@link #kafkaSasl}) with a certificate signed by the CA of {@code DATA_DIR/tls/}
             * ({@link KafkaTls}).
             */
            public Builder kafkaSsl(boolean kafkaSsl) {
                this.kafkaSsl = kafkaSsl;
                return this;
            }

            /** When the engine writes its partitions' snapshots ({@code --snapshot-events}, {@code --snapshot-interval}). */
            public Builder snapshots(SnapshotPolicy snapshots) {
                this.snapshots = snapshots;
                return this;
            }

            /** How new topics are replicated (by default chosen for the cluster); existing ones are checked against it. */
            public Builder replication(Replication replication) {
                this.replication = replication;
                return this;
            }

            /** @throws IllegalArgumentException naming the first option that cannot work */
            public Options build() {
                validate();
                return new Options(bootstrapServers, kafkaClientProperties, dataDir, kafkaPort, topics, partitions,
                        instanceId, stages, kubelet, httpAddress, httpPort, engineWorkers, commandToken, replication,
                        podNetworkCidr, tokenAuthFile, authorizationFile, tlsCertFile, tlsKeyFile, tlsSelfSigned,
                        clientCaFile, sealKeyFile, kafkaSasl, kafkaSsl, snapshots);
            }

            void validate() {
                require(instanceId != null && !instanceId.isBlank(), "an instance id is required");
                require(engineWorkers >= 1, "--engine-workers must be at least 1, was " + engineWorkers);
                require(partitions >= 1, "--partitions must be at least 1, was " + partitions);
                require(topics != null && stages != null && kafkaClientProperties != null && replication != null
                                && snapshots != null, "topics, stages, client properties, replication and snapshots are required");
                if (bootstrapServers == null) {
                    require(dataDir != null, "the embedded broker needs a data directory");
                    require(kafkaPort >= 0 && kafkaPort <= 65_535, "--kafka-port must be 0..65535, was " + kafkaPort);
                } else {
                    require(!bootstrapServers.isBlank(), "--bootstrap-servers must not be empty");
                    require(!kafkaSasl, "--kafka-sasl configures the embedded broker; with --bootstrap-servers"
                            + " give the engine's credentials in --kafka-config");
                    require(!kafkaSsl, "--kafka-ssl configures the embedded broker; with --bootstrap-servers"
                            + " give security.protocol=SSL and the truststore in --kafka-config");
                }
                try {
                    PodNetwork.of(podNetworkCidr, stages.nodes());
                } catch (IllegalArgumentException e) {
                    require(false, e.getMessage());
                }
                if (httpPort >= 0) {
                    require(httpAddress != null && !httpAddress.isBlank(), "--http-address must not be empty");
                    require(httpPort <= 65_535, "--http-port must be 0..65535, was " + httpPort);
                    require(authenticates() || loopback(httpAddress), "refusing to serve HTTP on "
                            + httpAddress + " without authentication: anyone who reaches the port could change every"
                            + " Deployment. Give --token-auth-file FILE (lines token,user,uid,\"group1,group2\"),"
                            + " and --authorization-file FILE for roles, or bind --http-address 127.0.0.1");
                }
                require((tlsCertFile == null) == (tlsKeyFile == null),
                        "--tls-cert-file and --tls-private-key-file go together");
                require(!(tlsSelfSigned && tlsCertFile != null), "--tls makes its own certificate: give it or"
                        + " --tls-cert-file/--tls-private-key-file, not both");
                require(!tlsSelfSigned || dataDir != null, "--tls needs a data directory to keep its certificate in");
                require(authorizationFile == null || authenticates(), "--authorization-file needs --token-auth-file"
                        + " or --client-ca-file: without them every request is anonymous");
                require(clientCaFile == null || tlsSelfSigned || tlsCertFile != null,
                        "--client-ca-file needs TLS (--tls, or --tls-cert-file and --tls-private-key-file)");
            }

            private boolean authenticates() {
                return tokenAuthFile != null || clientCaFile != null;
            }

            /** Whether {@code address} is this machine's loopback (127.0.0.0/8, ::1, localhost). */
            static boolean loopback(String address) {
                try {
                    return java.net.InetAddress.getByName(address).isLoopbackAddress();
                } catch (java.net.UnknownHostException e) {
                    return false;
                }
            }

            private static void require(boolean ok, String message) {
                if (!ok) {
                    throw new IllegalArgumentException(message);
                }
            }
        }
    }

    /** How long a query waits for the projections to reach the end of the log before answering anyway. */
    static final java.time.Duration FRESHNESS_WAIT = java.time.Duration.ofSeconds(5);
    /** How often the projections write their checkpoint while events arrive (and once when they stop). */
    static final java.time.Duration PROJECTION_CHECKPOINT_EVERY = java.time.Duration.ofSeconds(30);

    private final EmbeddedKafka broker;
    private final KafkaSettings kafka;
    private final List<AutoCloseable> services = new ArrayList<>();
    private final Supervisor supervisor = new Supervisor();
    private List<String> topicWarnings = List.of();
    private final ProjectionStore store;
    private HttpApi http;
    private RollbookMetrics metrics;

    private Rollbook(EmbeddedKafka broker, KafkaSettings kafka, Topics topics) {
        this.broker = broker;
        this.kafka = kafka;
        this.store = new ProjectionStore(new KafkaEventHistory(kafka, topics)); // audit and replay read the log back
    }

    /** Starts everything; returns once the broker answers and the threads run. */
    public static Rollbook start(Options options, Clock clock, EngineListener listener) {
        if (options.embedded() && !options.kafkaSasl()) {
            KafkaCredentials.refuseOpenStart(options.dataDir());
        }
        ActorSeal seal = seal(options); // before the broker starts: a key that cannot be made stops nothing running
        KafkaCredentials credentials = options.embedded() && options.kafkaSasl()
                ? KafkaCredentials.inDataDir(options.dataDir(), options.dataDir().resolve("kafka")) : null;
        KafkaTls kafkaTls = options.embedded() && options.kafkaSsl() ? kafkaTls(options, clock) : null;
        if (credentials != null) {
            credentials.writeClientFiles(kafkaTls);
        } else if (kafkaTls != null) {
            kafkaTls.writeClientFiles();
        }
        EmbeddedKafka broker = !options.embedded() ? null : EmbeddedKafka.start(options.dataDir(), options.kafkaPort(),
                credentials == null ? Map.of() : credentials.passwords(),
                kafkaTls == null ? Map.of() : kafkaTls.brokerProperties());
        String bootstrap = broker != null ? broker.bootstrapServers() : options.bootstrapServers();
        Map<String, String> clientProperties = new HashMap<>(options.kafkaClientProperties());
        if (credentials != null) {
            clientProperties.putAll(credentials.clientProperties(KafkaCredentials.ENGINE, kafkaTls));
        } else if (kafkaTls != null) {
            clientProperties.putAll(kafkaTls.clientProperties(false));
        }
        Rollbook rollbook = new Rollbook(broker, new KafkaSettings(bootstrap, clientProperties).withSeal(seal),
                options.topics());
        try {
            if (credentials != null) {
                KafkaSettings superUser = new KafkaSettings(bootstrap,
                        credentials.clientProperties(EmbeddedKafka.SUPER_USER, kafkaTls));
                try (Admin admin = superUser.admin("rollbook-acls")) {
                    new KafkaAcls(options.topics(), "User:" + KafkaCredentials.ENGINE, "User:" + KafkaCredentials.CLIENT)
                            .apply(admin, java.time.Duration.ofSeconds(30));
                }
                LOG.info("Kafka SASL/SCRAM on {}: a client's --kafka-config is {}", bootstrap, credentials.clientConfig());
            }
            try (Admin admin = rollbook.kafka.admin("rollbook-topics")) {
                rollbook.topicWarnings = options.topics().ensure(admin, options.partitions(), options.replication());
                rollbook.topicWarnings.forEach(LOG::warn);
            }
            // With HTTP: GET /metrics and the live page, fed by the engine's callbacks and the projections.
            rollbook.metrics = options.http()
                    ? new RollbookMetrics(rollbook.store, rollbook.kafka, options.topics()) : null;
            EngineListener engineListener = rollbook.metrics == null ? listener : rollbook.metrics.engineListener(listener);
            for (int w = 0; w < options.engineWorkers(); w++) {
                CommandLoop loop = new CommandLoop(rollbook.kafka, options.topics(),
                        CommandLoop.workerId(options.instanceId(), w), engineListener, options.snapshots());
                rollbook.run(w == 0 ? "engine" : "engine-" + w, loop, () -> loop.health().status());
            }
            if (options.kubelet()) {
                // One kubelet drives the pods however many instances run: the elected one (KubeletElection).
                rollbook.run("kubelet", KubeletRunner.elected(rollbook.kafka, options.topics(), options.stages(),
                        options.podNetwork(), clock, options.instanceId()));
            }
            if (options.http()) {
                RecentEvents recent = new RecentEvents(40);
                ProjectionRunner.Sink observer = rollbook.metrics.projectionObserver();
                ProjectionRunner projections = new ProjectionRunner(rollbook.kafka, options.topics(), (e, p, o) -> {
                    rollbook.store.apply(e, p, o);
                    observer.apply(e, p, o);
                    recent.apply(e, p, o);
                }, options.dataDir() == null ? null : new ProjectionCheckpointFile(options.dataDir(),
                        options.topics().events(), rollbook.store, PROJECTION_CHECKPOINT_EVERY));
                rollbook.run("projections", projections);
                AuthFilter auth = authFilter(options);
                rollbook.http = new HttpApi(options.httpAddress(), options.httpPort(), tls(options, clock),
                        options.clientCaFile() != null).edge(auth);
                new HealthRoutes(rollbook::health).register(rollbook.http);
                new ReadRoutes(rollbook.store, clock, () -> projections.awaitCaughtUp(FRESHNESS_WAIT), options.podNetwork())
                        .register(rollbook.http);
                boolean commands = options.commandToken() != null || options.tokenAuthFile() != null
                        || options.clientCaFile() != null;
                rollbook.services.add(new CommandRoutes(commands, rollbook.kafka, options.topics(), clock)
                        .register(rollbook.http));
                rollbook.services.add(new KubeRoutes(rollbook.store,
                        () -> projections.awaitCaughtUp(FRESHNESS_WAIT), rollbook.kafka, options.topics(), clock,
                        auth.authorizer()).register(rollbook.http));
                rollbook.metrics.register(rollbook.http);
                new LiveRoutes(rollbook.store, recent, clock).register(rollbook.http);
                rollbook.http.start();
            }
        } catch (IOException e) {
            rollbook.close();
            throw new UncheckedIOException("cannot listen on " + options.httpAddress() + ":" + options.httpPort()
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollbook.close();
            throw e;
        }
        return rollbook;
    }

    /**
     * The edge filter the options ask for: no token file is an open {@code up} (everyone may do
     * everything, the command endpoint still wanting the command token); a token file without an
     * authorization file lets every authenticated user do everything and answers anonymous requests
     * 401; with an authorization file its roles decide and anonymous requests get 403. The command
     * token of {@code ROLLBOOK_API_TOKEN} is the user {@code api} in {@code system:masters}.
     */
    static AuthFilter authFilter(Options options) {
        TokenFile tokens = options.tokenAuthFile() == null ? TokenFile.empty() : TokenFile.read(options.tokenAuthFile());
        if (options.commandToken() != null && !options.commandToken().isBlank()) {
            tokens = tokens.with(options.commandToken(), new User(COMMAND_TOKEN_USER, "",
                    List.of(User.MASTERS, User.AUTHENTICATED), null));
        }
        if (options.tokenAuthFile() == null && options.clientCaFile() == null) {
            return new AuthFilter(tokens, Authorizer.alwaysAllow(), true);
        }
        if (options.authorizationFile() == null) {
            return new AuthFilter(tokens, Authorizer.authenticated(), false);
        }
        return new AuthFilter(tokens, Policy.read(options.authorizationFile()), true);
    }

    /** The seal key of the options, else {@code DATA_DIR/seal.key}; none without either (every command a claim). */
    static ActorSeal seal(Options options) {
        if (options.sealKeyFile() != null) {
            return ActorSeal.inFile(options.sealKeyFile());
        }
        return options.dataDir() == null ? ActorSeal.NONE : ActorSeal.inFile(options.dataDir().resolve("seal.key"));
    }

    /** The HTTPS context the options ask for, null for plain HTTP. */
    static javax.net.ssl.SSLContext tls(Options options, Clock clock) {
        if (options.tlsSelfSigned()) {
            Tls.TlsFiles f = tlsFiles(options, clock);
            return Tls.serverContext(f.cert(), f.key(), options.clientCaFile());
        }
        return options.tlsCertFile() == null ? null
                : Tls.serverContext(options.tlsCertFile(), options.tlsKeyFile(), options.clientCaFile());
    }

    /** Where {@code up --tls} keeps its CA ({@code ca.crt}, for kubeconfigs) and serving certificate. */
    public static Tls.TlsFiles tlsFiles(Options options, Clock clock) {
        return Tls.selfSigned(options.dataDir().resolve("tls"), options.httpAddress(), clock.instant());
    }

    /**
     * The embedded broker's TLS for {@code --kafka-ssl}: the CA and serving certificate of
     * {@code up --tls} ({@code DATA_DIR/tls/}, made now if missing; the certificate names localhost,
     * where the broker listens), as a PEM keystore in {@code DATA_DIR/kafka-ssl/}.
     */
    static KafkaTls kafkaTls(Options options, Clock clock) {
        Tls.TlsFiles f = tlsFiles(options, clock);
        KafkaTls tls = KafkaTls.of(options.dataDir().resolve("kafka-ssl"), f.caCert(), f.cert(), f.key());
        LOG.info("Kafka over TLS: the CA is {}; a client's --kafka-config is {} (kcat: -F {})", f.caCert(),
                tls.directory().resolve("client.properties"), tls.directory().resolve("kcat.conf"));
        return tls;
    }

    /** Who the command token authenticates as (the {@code issuedBy} of commands sent with it). */
    public static final String COMMAND_TOKEN_USER = "api";

    private <T extends Runnable & AutoCloseable> void run(String name, T service) {
        run(name, service, null);
    }

    private <T extends Runnable & AutoCloseable> void run(String name, T service, Supplier<LoopHealth.Status> loop) {
        services.add(service);
        supervisor.start(name, service, loop);
    }

    /** What {@code /healthz} and {@code /readyz} answer: each service's thread and each command loop's phase. */
    public HealthRoutes.Health health() {
        return supervisor;
    }

    /**
     * Completes, with what died and why, when a service stops without being asked to (a command
     * loop's fatal error, a thread that ended). {@code up} exits on it.
     */
    public CompletableFuture<String> firstDeath() {
        return supervisor.firstDeath();
    }

    public KafkaSettings kafka() {
        return kafka;
    }

    /** Existing topics replicated more weakly than asked for, as found at start (empty when all is well). */
    public List<String> topicWarnings() {
        return topicWarnings;
    }

    /** The projections folded so far (read-only use). */
    public ProjectionStore store() {
        return store;
    }

    /** Where HTTP listens, e.g. {@code http://127.0.0.1:8080}. */
    public String httpUrl(String address) {
        return http.scheme() + "://" + address + ":" + http.port();
    }

    @Override
    public void close() {
        supervisor.stopping();
        if (http != null) {
            http.close();
        }
        for (AutoCloseable s : services) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", s, e.toString());
            }
        }
        for (Thread t : supervisor.threads()) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (metrics != null) {
            metrics.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
