package io.rollbook.infra.cli;

import io.rollbook.engine.kubelet.Stages;
import io.rollbook.engine.network.PodNetwork;
import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.kafka.SnapshotPolicy;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.CommandLoop;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.Replication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * {@code rollbook up}: a real Kafka broker in-process (or {@code --bootstrap-servers} for an
 * existing cluster), the engine and the kubelet stand-in, until interrupted or until one of them
 * dies (exit status 1).
 */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run Rollbook: embedded Kafka, engine and kubelet stand-in in one process.")
final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Join this Kafka cluster instead of starting an embedded broker.")
    String bootstrapServers;

    @Mixin
    UpTuning tuning;

    private final Clock clock;

    UpCommand(Clock clock) {
        this.clock = clock;
    }

    /**
     * Runs until Ctrl-C (SIGTERM): then everything closes, each command loop leaving the group so
     * its partitions move to the other instances at once; exit status 0. If a service dies first (a
     * command loop stopped by a fatal error, or any of its threads ended), {@code up} says which and
     * why, closes the rest and exits with status 1, for a supervisor (systemd, Kubernetes) to restart
     * it: a fatal error is one that a new loop in the same process would only meet again.
     */
    @Override
    public Integer call() throws InterruptedException, ExecutionException {
        // The token is read from the environment, never from the command line (where `ps` would show it).
        Rollbook rollbook = Rollbook.start(tuning.options(bootstrapServers)
                .commandToken(System.getenv("ROLLBOOK_API_TOKEN")).build(), clock, EngineListener.NONE);
        CompletableFuture<String> interrupted = new CompletableFuture<>();
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted.complete(null);
            rollbook.close();
            closed.countDown();
        }, "rollbook-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        for (String warning : rollbook.topicWarnings()) {
            spec.commandLine().getErr().println("warning: " + warning);
        }
        spec.commandLine().getErr().flush();
        out.println("rollbook up: Kafka at " + rollbook.kafka().bootstrapServers()
                + (bootstrapServers == null ? " (embedded, data in " + tuning.dataDir + ")" : "")
                + "; engine " + tuning.instanceId() + (tuning.noKubelet ? "" : " and kubelet stand-in") + " running");
        if (tuning.kafkaSasl) {
            out.println("rollbook up: Kafka takes SASL/SCRAM-SHA-512 only" + (tuning.kafkaSsl ? " over TLS" : "")
                    + ", by ACL; clients: --kafka-config " + tuning.dataDir.resolve("kafka-sasl").resolve("client.properties"));
        } else if (tuning.kafkaSsl) {
            out.println("rollbook up: Kafka takes TLS clients only (CA " + tuning.dataDir.resolve("tls").resolve("ca.crt")
                    + "); clients: --kafka-config " + tuning.dataDir.resolve("kafka-ssl").resolve("client.properties"));
        }
        String url = rollbook.httpUrl(tuning.httpAddress);
        out.println("rollbook up: HTTP at " + url + " (JSON API under /rollbook/v1/, probes /healthz and /readyz)");
        out.println("rollbook up: live page at " + url + "/ and Prometheus metrics at " + url + "/metrics");
        out.println("rollbook up: try `./rollbook apply -f examples/nginx-deployment.yaml`; Ctrl-C stops");
        out.flush();
        Object first = CompletableFuture.anyOf(interrupted, rollbook.firstDeath()).get();
        if (first == null) {
            closed.await();
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: " + first);
        err.println("rollbook up: exiting with status 1 so that its supervisor restarts it (the other instances"
                + " take over its partitions meanwhile)");
        err.flush();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            closed.await(); // the JVM is already shutting down: the hook closes it
            return Main.FAILURE;
        }
        rollbook.close();
        return Main.FAILURE;
    }

    /** The knobs of {@code up}, shared with {@code demo}. */
    static final class UpTuning {
        @Option(names = "--kafka-config", paramLabel = "FILE",
                description = "Kafka client properties for every client of up (security.protocol, sasl.*, ssl.*, ...).")
        Path kafkaConfig;

        @Option(names = "--kafka-sasl",
                description = "The embedded broker takes only SASL/SCRAM-SHA-512 clients, authorized by Rollbook's ACLs;"
                        + " the users' credentials are written to DIR/kafka-sasl/ (a client's --kafka-config: client.properties).")
        boolean kafkaSasl;

        @Option(names = "--kafka-ssl",
                description = "The embedded broker's listener speaks TLS (SSL; SASL_SSL with --kafka-sasl), with a"
                        + " certificate signed by the CA of DIR/tls/ (ca.crt); a client's --kafka-config:"
                        + " DIR/kafka-ssl/client.properties (DIR/kafka-sasl/ with --kafka-sasl), kcat's -F: kcat.conf.")
        boolean kafkaSsl;

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "rollbook-data",
                description = "Where the embedded broker keeps its log (default: ./${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
                description = "Port of the embedded broker (default: ${DEFAULT-VALUE}).")
        int kafkaPort;

        @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = Topics.DEFAULT_PREFIX,
                description = "Prefix of Rollbook's topics (default: ${DEFAULT-VALUE}).")
        String topicPrefix;

        @Option(names = "--partitions", paramLabel = "N", defaultValue = "6",
                description = "Partitions of new topics (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--replication-factor", paramLabel = "N",
                description = "Replicas of each partition of new topics (default: 3 on a cluster of three brokers"
                        + " or more, else every broker).")
        Integer replicationFactor;

        @Option(names = "--min-insync-replicas", paramLabel = "N",
                description = "min.insync.replicas of new commands, events, outcomes and dead-letter topics"
                        + " (default: 2 with three replicas or more, else 1); existing topics are checked against"
                        + " both and a weaker one is warned about.")
        Integer minInsyncReplicas;

        @Option(names = "--instance-id", paramLabel = "ID",
                description = "This engine's stable id (transactional id); distinct per instance (default: host name).")
        String instanceId;

        @Option(names = "--engine-workers", paramLabel = "N", defaultValue = "" + CommandLoop.DEFAULT_WORKERS,
                description = "Command loops sharing the command topic's partitions, each with its own"
                        + " transactional producer (default: ${DEFAULT-VALUE}).")
        int engineWorkers;

        @Option(names = "--snapshot-events", paramLabel = "N", defaultValue = "20000",
                description = "Write a partition's snapshot to rollbook.snapshots after this many new events"
                        + " (default: ${DEFAULT-VALUE}).")
        long snapshotEvents;

        @Option(names = "--snapshot-interval", paramLabel = "DURATION", defaultValue = "PT60S",
                description = "... or this long after the last one if anything changed (ISO-8601, default:"
                        + " ${DEFAULT-VALUE}).")
        Duration snapshotInterval;

        @Option(names = "--http-address", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
                description = "Address HTTP listens on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
        String httpAddress;

        @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080",
                description = "HTTP port: the JSON API, /metrics and the live page (default: ${DEFAULT-VALUE}).")
        int httpPort;

        @Option(names = "--token-auth-file", paramLabel = "FILE",
                description = "Bearer tokens, one `token,user,uid,\"group1,group2\"` line each, as the API server's"
                        + " flag reads them; required unless --http-address is a loopback address.")
        Path tokenAuthFile;

        @Option(names = "--authorization-file", paramLabel = "FILE",
                description = "Roles view, edit, admin bound to users and groups, cluster-wide or per namespace"
                        + " (README, \"Security\"); without it every authenticated user may do everything.")
        Path authorizationFile;

        @Option(names = "--tls-cert-file", paramLabel = "FILE",
                description = "Serve HTTPS with this PEM certificate (chain), as the API server's flag.")
        Path tlsCertFile;

        @Option(names = "--tls-private-key-file", paramLabel = "FILE",
                description = "The PEM private key of --tls-cert-file.")
        Path tlsKeyFile;

        @Option(names = "--tls", description = "Serve HTTPS with a self-signed CA and certificate made once into"
                + " DATA_DIR/tls (ca.crt is what `rollbook kubeconfig` puts in the kubeconfig).")
        boolean tls;

        @Option(names = "--client-ca-file", paramLabel = "FILE",
                description = "With TLS, a client certificate this CA (PEM) signed authenticates as its subject's CN,"
                        + " in its O values as groups, as the API server's flag; `rollbook certificate` mints them"
                        + " from --tls's CA (DATA_DIR/tls/ca.crt).")
        Path clientCaFile;

        @Option(names = "--seal-key-file", paramLabel = "FILE",
                description = "The key that tells commands from this HTTP edge from claims written straight to Kafka"
                        + " (README, \"The actor\"); default DATA_DIR/seal.key, made on the first start. Every"
                        + " instance of one cluster needs the same file.")
        Path sealKeyFile;

        @Option(names = "--no-kubelet", description = "Do not run the kubelet stand-in (another agent reports pods).")
        boolean noKubelet;

        @Option(names = "--pod-network-cidr", paramLabel = "CIDR", defaultValue = PodNetwork.DEFAULT_CLUSTER_CIDR,
                description = "The pods' network, split into a /24 per node, as kubeadm init's flag (default: ${DEFAULT-VALUE}).")
        String podNetworkCidr;

        @Option(names = "--pod-start", paramLabel = "DURATION", defaultValue = "PT1S",
                description = "Kubelet stand-in: Pending to Running (ISO-8601, default: ${DEFAULT-VALUE}).")
        Duration podStart;

        @Option(names = "--pod-ready", paramLabel = "DURATION", defaultValue = "PT2S",
                description = "Kubelet stand-in: Running to Ready (default: ${DEFAULT-VALUE}).")
        Duration podReady;

        @Option(names = "--pod-terminate", paramLabel = "DURATION", defaultValue = "PT1S",
                description = "Kubelet stand-in: terminating to gone (default: ${DEFAULT-VALUE}).")
        Duration podTerminate;

        String instanceId() {
            if (instanceId != null) {
                return instanceId;
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "rollbook";
            }
        }

        /** The options these flags give; the caller adds what is its own and builds (which validates). */
        Rollbook.Options.Builder options(String bootstrapServers) {
            Stages defaults = Stages.defaults();
            Stages stages = new Stages(podStart, podReady, podTerminate, defaults.jitter(), defaults.nodes(),
                    defaults.seed());
            Rollbook.Options.Builder options = Rollbook.Options.builder().bootstrapServers(bootstrapServers)
                    .kafkaClientProperties(KafkaOptions.clientProperties(kafkaConfig))
                    .embeddedBroker(dataDir, kafkaPort).kafkaSasl(kafkaSasl).kafkaSsl(kafkaSsl).topics(Topics.withPrefix(topicPrefix), partitions)
                    .instanceId(instanceId()).stages(stages).http(httpAddress, httpPort).engineWorkers(engineWorkers)
                    .replication(new Replication(replicationFactor, minInsyncReplicas))
                    .podNetworkCidr(podNetworkCidr).tokenAuthFile(tokenAuthFile)
                    .authorizationFile(authorizationFile).tls(tlsCertFile, tlsKeyFile).tlsSelfSigned(tls)
                    .clientCaFile(clientCaFile).sealKeyFile(sealKeyFile)
                    .snapshots(new SnapshotPolicy(snapshotEvents, snapshotInterval));
            return noKubelet ? options.noKubelet() : options;
        }
    }
}
