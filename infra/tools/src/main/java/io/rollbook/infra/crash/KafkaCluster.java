package io.rollbook.infra.crash;

import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Kafka cluster of {@code n} KRaft nodes, each a broker and a controller in its own JVM with
 * Kafka's own main class ({@code kafka.Kafka}; storage formatted first with
 * {@code kafka.tools.StorageTool}), on localhost. A node can be SIGKILLed and started again on its
 * log. Internal topics are replicated three times with {@code min.insync.replicas=2}, as on a
 * production cluster, so one node may be down without stopping transactions or groups.
 */
final class KafkaCluster implements AutoCloseable {

    /** One node: its id, ports, config and log directory. */
    record Node(int id, int port, int controllerPort, Path config, Path log) {
    }

    private final Path dir;
    private final String classpath;
    private final String heap;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Integer, ChildJvm> running = new LinkedHashMap<>();

    /**
     * Writes the nodes' configurations and formats their storage; {@link #start} starts them.
     *
     * @param classpath Kafka's server jars and the clients ({@code lib/broker/*:lib/*} of the build)
     * @param extra     broker settings beyond the cluster's own (tuning for a test)
     */
    KafkaCluster(Path dir, int n, String classpath, String heap, Map<String, String> extra) throws Exception {
        this.dir = dir;
        this.classpath = classpath;
        this.heap = heap;
        Files.createDirectories(dir);
        for (int id = 1; id <= n; id++) {
            nodes.add(new Node(id, ChildJvm.freePort(), ChildJvm.freePort(), dir.resolve("broker-" + id + ".properties"),
                    dir.resolve("broker-" + id + ".log")));
        }
        String voters = nodes.stream().map(b -> b.id() + "@localhost:" + b.controllerPort())
                .collect(Collectors.joining(","));
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        List<ChildJvm> formats = new ArrayList<>();
        for (Node node : nodes) {
            write(node, voters, extra);
            formats.add(ChildJvm.start("format-" + node.id(), classpath, "128m", node.log(), "kafka.tools.StorageTool",
                    "format", "--config", node.config().toString(), "--cluster-id", clusterId, "--ignore-formatted"));
        }
        for (ChildJvm f : formats) {
            if (f.await(120) != 0) {
                throw new IllegalStateException("formatting the storage of " + f + " failed; see " + dir);
            }
        }
    }

    private void write(Node node, String voters, Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(node.id()));
        p.put("controller.quorum.voters", voters);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listeners", "PLAINTEXT://localhost:" + node.port() + ",CONTROLLER://localhost:" + node.controllerPort());
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + node.port());
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.resolve("data-" + node.id()).toString());
        int replicas = Math.min(3, nodes.size());
        p.put("offsets.topic.replication.factor", String.valueOf(replicas));
        p.put("transaction.state.log.replication.factor", String.valueOf(replicas));
        p.put("transaction.state.log.min.isr", String.valueOf(Math.min(2, replicas)));
        p.put("share.coordinator.state.topic.replication.factor", String.valueOf(replicas));
        p.put("share.coordinator.state.topic.min.isr", String.valueOf(Math.min(2, replicas)));
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024)); // small heaps
        p.putAll(extra);
        Properties props = new Properties();
        props.putAll(p);
        try (Writer out = Files.newBufferedWriter(node.config(), StandardCharsets.UTF_8)) {
            props.store(out, "Written by the cluster test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts every node that is not running, and waits until the cluster lists them all. */
    void start() throws InterruptedException {
        for (Node node : nodes) {
            if (!running.containsKey(node.id())) {
                start(node.id());
            }
        }
        awaitNodes(nodes.size());
    }

    /** Starts node {@code id} on its log (a restart after a kill). */
    void start(int id) {
        Node node = nodes.get(id - 1);
        running.put(id, ChildJvm.start("broker-" + id, classpath, heap, node.log(), "kafka.Kafka",
                node.config().toString()));
    }

    /** SIGKILL of node {@code id}: no shutdown, no leadership handed over, as a crash or a lost machine. */
    void kill(int id) throws InterruptedException {
        ChildJvm jvm = running.remove(id);
        if (jvm != null) {
            jvm.kill();
        }
    }

    String bootstrapServers() {
        return nodes.stream().map(n -> "localhost:" + n.port()).collect(Collectors.joining(","));
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** Waits until {@code count} brokers are registered and answer. */
    void awaitNodes(int count) throws InterruptedException {
        KafkaSettings kafka = KafkaSettings.of(bootstrapServers());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            for (Map.Entry<Integer, ChildJvm> e : running.entrySet()) {
                if (!e.getValue().alive()) {
                    throw new IllegalStateException("broker " + e.getKey() + " exited; see "
                            + nodes.get(e.getKey() - 1).log());
                }
            }
            try (Admin admin = kafka.admin("cluster-await", Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
                if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= count) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the cluster at " + bootstrapServers() + " has not " + count
                + " brokers after 180 s; see " + dir, last);
    }

    /**
     * Ends every node with SIGKILL: the test is over and its data thrown away, and a cluster's last
     * nodes take long to stop gracefully (each waits for the others' controlled shutdown). The logs
     * stay in the directory.
     */
    @Override
    public void close() throws InterruptedException {
        for (ChildJvm jvm : running.values()) {
            jvm.kill();
        }
        running.clear();
    }
}
