package io.rollbook.infra.cli;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.codec.Manifests;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.crash.Crc32Partitioner;
import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.Partitions;
import io.rollbook.infra.kafka.ReadToEnd;
import io.rollbook.infra.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The scenario: {@code up --engine-workers 2}, and an Apply keyed {@code default/kcw-3} sent as
 * docs/contract.md shows one, by a client with librdkafka's partitioner (CRC32: partition 1, where murmur2 says
 * 5). The worker that reads it forwards it to partition 5, whose owner creates the Deployment; the
 * kubelet's reports (murmur2, partition 5) reach the same owner, so the rollout completes; a second
 * apply through the CLI answers {@code configured}; and {@code rollbook.events} holds one history of
 * the aggregate, sequences 0..n once each, all on partition 5. The same again with the real kcat
 * when it is installed.
 */
class ForeignPartitionerIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(120);
    static final Topics TOPICS = Topics.defaults();

    @TempDir
    static Path dir;
    static Rollbook up;

    @BeforeAll
    static void start() {
        Stages fast = TestCli.fastStages();
        up = Rollbook.start(Rollbook.Options.builder().embeddedBroker(dir.resolve("data"), 0)
                .instanceId("foreign-test").engineWorkers(2).stages(fast).http("127.0.0.1", 0).build(),
                Clock.systemUTC(), EngineListener.NONE);
        await().atMost(WAIT).until(() -> get("/readyz").statusCode() == 200); // both workers own partitions
    }

    @AfterAll
    static void stop() {
        up.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(up.httpUrl("127.0.0.1") + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static String manifest(String name, int replicas) throws Exception {
        String yaml = Files.readString(Path.of("..", "..", "examples", "nginx-deployment.yaml"))
                .replace("nginx-deployment", name).replace("replicas: 3", "replicas: " + replicas);
        return yaml;
    }

    /** An Apply envelope exactly as docs/contract.md shows one, with no Rollbook code on the sender's side. */
    static String applyJson(String name) throws Exception {
        var object = Manifests.parse(manifest(name, 3)).get(0);
        return "{\"commandId\":\"" + name + "-apply-1\",\"type\":\"Apply\",\"target\":{\"kind\":\"Deployment\","
                + "\"namespace\":\"default\",\"name\":\"" + name + "\"},\"issuedBy\":\"ops-bot\","
                + "\"payload\":{\"manifest\":" + Codec.toJson(object) + "}}";
    }

    @Test
    void anApplyFromACrc32ProducerRollsOutAndLeavesOneHistory() throws Exception {
        String key = "default/kcw-3";
        assertThat(Crc32Partitioner.partition(key.getBytes(StandardCharsets.UTF_8), 6)).isEqualTo(1);
        assertThat(Partitions.of(key, 6)).isEqualTo(5);
        try (KafkaProducer<String, byte[]> crc32 = up.kafka().producer(ClientRole.COMMAND_PRODUCER, "test-crc32",
                Map.of("partitioner.class", Crc32Partitioner.class.getName()))) {
            RecordMetadata written = crc32.send(new ProducerRecord<>(TOPICS.commands(), key,
                    applyJson("kcw-3").getBytes(StandardCharsets.UTF_8))).get();
            assertThat(written.partition()).isEqualTo(1);
        }
        assertRolledOutOnceOnItsPartition("kcw-3");
        assertThat(get("/metrics").body()).containsPattern("rollbook_commands_forwarded_total [1-9]");
    }

    @Test
    void anApplyFromKcatRollsOutAndLeavesOneHistory() throws Exception {
        assumeThat(Path.of("/usr/bin/kcat")).as("kcat installed (apt-get install kcat)").exists();
        String key = "default/kcw-kcat";
        assumeThat(Crc32Partitioner.partition(key.getBytes(StandardCharsets.UTF_8), 6))
                .as("kcat puts it elsewhere than murmur2").isNotEqualTo(Partitions.of(key, 6));
        Process kcat = new ProcessBuilder("/usr/bin/kcat", "-P", "-b", up.kafka().bootstrapServers(),
                "-t", TOPICS.commands(), "-K", "|").redirectErrorStream(true).start();
        kcat.getOutputStream().write((key + "|" + applyJson("kcw-kcat") + "\n").getBytes(StandardCharsets.UTF_8));
        kcat.getOutputStream().close();
        assertThat(kcat.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kcat.exitValue()).as(new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        assertRolledOutOnceOnItsPartition("kcw-kcat");
    }

    /** Created once, rolled out, configured by the CLI, and one history on its murmur2 partition. */
    static void assertRolledOutOnceOnItsPartition(String name) throws Exception {
        String aggregate = "default/" + name;
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> events(aggregate).stream()
                .anyMatch(e -> e.event().data() instanceof RolloutCompleted));

        Path changed = dir.resolve(name + ".yaml");
        Files.writeString(changed, manifest(name, 4));
        TestCli.Run again = TestCli.run(up, "apply", "-f", changed.toString());
        assertThat(again.err()).isEmpty();
        assertThat(again.out()).isEqualTo("deployment.apps/" + name + " configured\n");
        assertThat(TestCli.run(up, "rollout", "status", "deployment/" + name).out())
                .endsWith("deployment \"" + name + "\" successfully rolled out\n");

        List<Located> history = events(aggregate);
        assertThat(history).extracting(Located::partition).containsOnly(Partitions.of(aggregate, 6));
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i).event().sequence()).as("sequence %d of %s", i, aggregate).isEqualTo(i);
        }
        assertThat(history.stream().filter(e -> e.event().data() instanceof DeploymentApplied a
                && a.verb().equals("created"))).as("created once").hasSize(1);
    }

    record Located(int partition, EventEnvelope event) {
    }

    static List<Located> events(String aggregate) {
        List<Located> out = new ArrayList<>();
        ReadToEnd.readAll(up.kafka(), "test-reader", TOPICS.events(), r -> {
            EventEnvelope e = Events.decode(r.value());
            if (e.aggregate().equals(aggregate)) {
                out.add(new Located(r.partition(), e));
            }
        });
        out.sort(java.util.Comparator.comparingLong(l -> l.event().sequence()));
        return out;
    }
}
