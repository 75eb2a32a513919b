package io.rollbook.infra.kubelet;

import io.rollbook.infra.kafka.ReadToEnd;
import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.event.ConditionChanged;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.event.PodCreated;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.PodReady;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.ReplicaSetDeleted;
import io.rollbook.api.event.ReplicaSetScaled;
import io.rollbook.api.event.ReplicaSetStatusChanged;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.event.WakeUpScheduled;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.broker.EmbeddedBroker;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.CommandClient;
import io.rollbook.infra.kafka.CommandLoop;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The engine and the kubelet stand-in against a real broker: rollouts run to the end on their own. */
class KubeletRunnerIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    static EmbeddedBroker broker;
    static KafkaSettings kafka;
    static Topics topics = Topics.defaults();
    static CommandLoop engine;
    static KubeletRunner kubelet;
    static List<Thread> threads = new ArrayList<>();
    static CommandClient client;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start(dir.resolve("kafka"), 0);
        kafka = KafkaSettings.of(broker.bootstrapServers());
        try (Admin admin = kafka.admin("test-admin")) {
            topics.ensure(admin);
        }
        engine = new CommandLoop(kafka, topics, "kubelet-test", EngineListener.NONE);
        threads.add(new Thread(engine, "engine"));
        threads.get(0).start();
        startKubelet();
        client = new CommandClient(kafka, topics, "test-client");
    }

    static void startKubelet() {
        Stages stages = new Stages(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(50), 0.2, null, 7);
        kubelet = new KubeletRunner(kafka, topics, stages, Clock.systemUTC());
        Thread t = new Thread(kubelet, "kubelet-" + threads.size());
        threads.add(t);
        t.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        client.close();
        kubelet.close();
        engine.close();
        for (Thread t : threads) {
            t.join(10_000);
        }
        broker.close();
    }

    @Test
    void rollingUpdateRunsToCompletionWithinSurgeAndUnavailability() throws Exception {
        ObjectRef nginx = ObjectRef.deployment("default", "nginx-deployment");
        send(nginx, new Apply(example("nginx-deployment.yaml")));
        awaitEvent(nginx, e -> e.data() instanceof RolloutCompleted r && r.revision() == 1);
        send(nginx, new SetImage(Map.of("nginx", "nginx:1.16.1")));
        List<EventEnvelope> log = awaitEvent(nginx, e -> e.data() instanceof RolloutCompleted r && r.revision() == 2);

        assertSequencesStartAtZeroWithoutGaps(log);
        // replicas 3, maxSurge 1, maxUnavailable 1, checked after every single event
        assertThat(maxSpecReplicas(of(log, nginx))).isLessThanOrEqualTo(3 + 1);
        assertThat(minAvailableAfterFirstCompletion(of(log, nginx))).isEqualTo(3 - 1); // used, never exceeded
    }

    /** The largest sum of ReplicaSet spec sizes at any point of the log. */
    static int maxSpecReplicas(List<EventEnvelope> log) {
        Map<String, Integer> spec = new HashMap<>();
        int max = 0;
        for (EventEnvelope e : log) {
            if (e.data() instanceof ReplicaSetCreated c) {
                spec.put(c.replicaSet().name(), c.replicaSet().specReplicas());
            } else if (e.data() instanceof ReplicaSetScaled s) {
                spec.put(s.replicaSet(), s.to());
            } else if (e.data() instanceof ReplicaSetDeleted d) {
                spec.remove(d.replicaSet());
            }
            max = Math.max(max, sum(spec));
        }
        return max;
    }

    /** The smallest sum of available replicas at any point after the first RolloutCompleted. */
    static int minAvailableAfterFirstCompletion(List<EventEnvelope> log) {
        Map<String, Integer> available = new HashMap<>();
        boolean completed = false;
        int min = Integer.MAX_VALUE;
        for (EventEnvelope e : log) {
            if (e.data() instanceof ReplicaSetStatusChanged s) {
                available.put(s.replicaSet(), s.status().availableReplicas());
            } else if (e.data() instanceof ReplicaSetDeleted d) {
                available.remove(d.replicaSet());
            }
            completed |= e.data() instanceof RolloutCompleted;
            min = completed ? Math.min(min, sum(available)) : min;
        }
        return min;
    }

    @Test
    void recreateStartsNoNewPodWhileAnOldPodExists() throws Exception {
        ObjectRef migrator = ObjectRef.deployment("default", "db-migrator");
        send(migrator, new Apply(example("recreate-deployment.yaml")));
        awaitEvent(migrator, e -> e.data() instanceof RolloutCompleted r && r.revision() == 1);
        send(migrator, new SetImage(Map.of("migrator", "migrator:2.0")));
        List<EventEnvelope> log = awaitEvent(migrator, e -> e.data() instanceof RolloutCompleted r && r.revision() == 2);

        assertSequencesStartAtZeroWithoutGaps(log);
        Map<String, Long> revisionOf = new HashMap<>();
        Map<String, Integer> alive = new HashMap<>();
        int newPods = 0;
        for (EventEnvelope e : of(log, migrator)) {
            if (e.data() instanceof ReplicaSetCreated c) {
                revisionOf.put(c.replicaSet().name(), c.revision());
            } else if (e.data() instanceof PodCreated p) {
                if (revisionOf.get(p.replicaSet()) == 2) {
                    newPods++;
                    int old = alive.entrySet().stream().filter(a -> !a.getKey().equals(p.replicaSet()))
                            .mapToInt(Map.Entry::getValue).sum();
                    assertThat(old).as("old pods alive when %s was created", p.pod()).isZero();
                }
                alive.merge(p.replicaSet(), 1, Integer::sum);
            } else if (e.data() instanceof PodDeleted p) {
                alive.merge(p.replicaSet(), -1, Integer::sum);
            }
        }
        assertThat(newPods).isGreaterThanOrEqualTo(2);
    }

    @Test
    void bareReplicaSetKeepsItsPodsReadyAndScales() throws Exception {
        ObjectRef myapp = ObjectRef.replicaSet("default", "myapp-replicaset");
        send(myapp, new Apply(example("myapp-replicaset.yaml")));
        awaitEvent(myapp, e -> readyReplicas(e) == 3);
        send(myapp, new Scale(5));
        List<EventEnvelope> log = awaitEvent(myapp, e -> readyReplicas(e) == 5);

        assertSequencesStartAtZeroWithoutGaps(log);
        assertThat(of(log, myapp)).filteredOn(e -> e.data() instanceof PodReady).hasSize(5);
    }

    @Test
    void brokenImageMissesTheProgressDeadline() throws Exception {
        ObjectRef broken = ObjectRef.deployment("default", "broken-web");
        send(broken, new Apply(Manifests.parse(brokenWeb()).get(0)));
        List<EventEnvelope> log = awaitEvent(broken, e -> e.data() instanceof ConditionChanged c
                && c.type().equals("Progressing") && c.status().equals("False")
                && "ProgressDeadlineExceeded".equals(c.reason()));

        assertSequencesStartAtZeroWithoutGaps(log);
        assertThat(of(log, broken)).noneMatch(e -> e.data() instanceof PodReady);
        assertThat(of(log, broken)).anyMatch(e -> e.data() instanceof WakeUpScheduled);
    }

    @Test
    void aRestartedKubeletRebuildsFromTheLogAndResendsNothingSettled() throws Exception {
        ObjectRef web = ObjectRef.deployment("default", "restart-web");
        send(web, new Apply(Manifests.parse(brokenWeb().replace("broken-web", "restart-web")
                .replace("nginx:broken", "nginx:1.25")).get(0)));
        awaitEvent(web, e -> e.data() instanceof RolloutCompleted);
        kubelet.close();
        send(web, new Scale(3)); // nobody runs the new pod until the next kubelet reads the log
        startKubelet();
        List<EventEnvelope> log = awaitEvent(web, e -> readyReplicas(e) == 3);

        assertSequencesStartAtZeroWithoutGaps(log);
        Map<String, Long> sent = new HashMap<>();
        readAll(topics.commands(), r -> Commands.decode(r.value(), Instant.EPOCH)).stream()
                .filter(c -> c.commandId().startsWith("kubelet:" + web.aggregateId() + ":"))
                .forEach(c -> sent.merge(c.commandId(), 1L, Long::sum));
        assertThat(sent).hasSize(3 * 2).allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1));
    }

    // ---- helpers ----

    static String brokenWeb() {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: broken-web
                spec:
                  replicas: 2
                  progressDeadlineSeconds: 2
                  selector:
                    matchLabels: {app: broken-web}
                  template:
                    metadata:
                      labels: {app: broken-web}
                    spec:
                      containers:
                      - name: web
                        image: nginx:broken
                """;
    }

    static KubeObject example(String file) throws Exception {
        return Manifests.parse(Files.readString(Path.of("..", "..", "examples", file))).get(0);
    }

    static void send(ObjectRef target, CommandPayload payload) throws Exception {
        CommandEnvelope cmd = CommandEnvelope.of(UUID.randomUUID().toString(), target, Instant.now(), "tester", null,
                payload);
        Outcome outcome = client.send(cmd, Duration.ofSeconds(60));
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.Accepted);
    }

    /** Waits until an event of {@code target} matches, and returns the whole log read at that moment. */
    static List<EventEnvelope> awaitEvent(ObjectRef target, Predicate<EventEnvelope> match) {
        AtomicReference<List<EventEnvelope>> seen = new AtomicReference<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            seen.set(readAll());
            return of(seen.get(), target).stream().anyMatch(match);
        });
        return seen.get();
    }

    static List<EventEnvelope> of(List<EventEnvelope> log, ObjectRef target) {
        return log.stream().filter(e -> e.aggregate().equals(target.aggregateId())).toList();
    }

    static int readyReplicas(EventEnvelope e) {
        return e.data() instanceof ReplicaSetStatusChanged s ? s.status().readyReplicas() : -1;
    }

    static int sum(Map<String, Integer> m) {
        return m.values().stream().mapToInt(Integer::intValue).sum();
    }

    static void assertSequencesStartAtZeroWithoutGaps(List<EventEnvelope> log) {
        Map<String, List<Long>> byAggregate = new HashMap<>();
        log.forEach(e -> byAggregate.computeIfAbsent(e.aggregate(), a -> new ArrayList<>()).add(e.sequence()));
        byAggregate.forEach((aggregate, sequences) -> {
            for (int i = 0; i < sequences.size(); i++) {
                assertThat(sequences.get(i)).as("sequence #%d of %s", i, aggregate).isEqualTo(i);
            }
        });
    }

    /** Every committed event, each partition in log order (an aggregate lives in one partition). */
    static List<EventEnvelope> readAll() {
        return readAll(topics.events(), r -> Events.decode(r.value()));
    }

    static <T> List<T> readAll(String topic, Function<ConsumerRecord<String, byte[]>, T> decode) {
        List<T> out = new ArrayList<>();
        ReadToEnd.readAll(kafka, "test-reader", topic, r -> out.add(decode.apply(r)));
        return out;
    }
}
