package io.rollbook.infra.crash;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.Pause;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.bench.OutcomeWatcher;
import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.infra.kafka.CommandClient;
import io.rollbook.infra.kafka.CommandLoop;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kafka.Partitions;
import io.rollbook.infra.kafka.Replication;
import io.rollbook.infra.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The cluster test: a real Kafka cluster of three KRaft nodes, each its own JVM running Kafka's own
 * main class, and several Rollbook instances joined to it, each its own JVM. Commands go in through
 * the Java CLI and through a producer with librdkafka's partitioner (CRC32), so many land off their
 * target's partition and must be forwarded. During the load one broker is SIGKILLed (and started
 * again), one instance is SIGKILLed (and started again) and one more instance joins. The verdict
 * is read from the log alone ({@link LogView}): one outcome per command id, every aggregate's
 * sequences 0..n once each and on one partition only, every off-partition command forwarded once,
 * and each Deployment's final replicas and image as last commanded. It also measures how long the
 * killed broker's and the killed instance's partitions went unanswered.
 */
public final class ClusterTest {

    /** How to start instance {@code id}: a main class of its classpath and its arguments. */
    public interface InstanceLauncher {
        String classpath();

        String mainClass();

        List<String> args(Instance instance);
    }

    /** What an instance is told: where Kafka is, its topics, id and HTTP port, and the client settings file. */
    public record Instance(String bootstrapServers, String topicPrefix, String id, int httpPort, int partitions,
                           Map<String, String> clientSettings, Path clientSettingsFile) {
    }

    /** Runs one verb of the command line against Kafka at {@code bootstrapServers}, topics under {@code topicPrefix}. */
    public interface Cli {
        Ran run(String bootstrapServers, String topicPrefix, List<String> args);

        /** The exit status and output of one verb. */
        record Ran(int exit, String out, String err) {
        }
    }

    /** What to run. */
    public record Options(int brokers, int instances, boolean addInstance, int deployments, long seed, Path workDir,
                          String brokerClasspath, InstanceLauncher launcher, Cli cli, Map<String, String> brokerSettings,
                          Map<String, String> clientSettings, Duration settleTimeout, PrintWriter log) {
        public Options {
            if (brokers < 3) {
                throw new IllegalArgumentException("--brokers must be at least 3 (one is killed), was " + brokers);
            }
            if (instances < 2) {
                throw new IllegalArgumentException("--instances must be at least 2 (one is killed), was " + instances);
            }
            if (deployments < 1) {
                throw new IllegalArgumentException("--deployments must be at least 1, was " + deployments);
            }
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(launcher, "launcher");
            Objects.requireNonNull(cli, "cli");
        }
    }

    /** The verdict and the figures; {@link #line()} is the script's last line. */
    public record Result(int brokerKills, int engineKills, LogView.Check check, List<String> differences,
                         boolean settled, List<String> failures, Duration brokerTakeOver, Duration engineTakeOver,
                         long forwarded, int instanceStarts, Duration elapsed) {
        public String line() {
            return "cluster test: " + brokerKills + " broker kills, " + engineKills + " engine kills, "
                    + check.commands() + " commands, " + check.lost() + " lost, " + check.duplicated()
                    + " duplicated, final state " + (differences.isEmpty() && settled ? "equal" : "differs");
        }

        public boolean passed() {
            return check.ok() && differences.isEmpty() && settled && failures.isEmpty();
        }
    }

    static final int PARTITIONS = 6;
    static final String PREFIX = "cluster";
    static final String FINAL_IMAGE = "registry.local/app:final";
    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final Duration PROBE_TIMEOUT = Duration.ofMinutes(3);
    private static final String INSTANCE_HEAP = "320m";
    private static final String BROKER_HEAP = "320m";

    private final Options options;
    private final PrintWriter log;
    private final Topics topics = Topics.withPrefix(PREFIX);
    private final List<String> failures = new ArrayList<>();
    private final Map<String, ChildJvm> instances = new LinkedHashMap<>();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private KafkaCluster cluster;
    private KafkaSettings kafka;
    private int probes;
    private int instanceStarts;
    private final long created = System.nanoTime();

    private ClusterTest(Options options) {
        this.options = options;
        this.log = options.log() != null ? options.log() : new PrintWriter(System.err, true);
    }

    public static Result run(Options options) throws Exception {
        return new ClusterTest(options).run();
    }

    private Result run() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(options.workDir());
        LoadPlan plan = LoadPlan.generate(options.seed(), options.deployments());
        cluster = new KafkaCluster(options.workDir().resolve("kafka"), options.brokers(), options.brokerClasspath(),
                BROKER_HEAP, options.brokerSettings());
        try {
            cluster.start();
            kafka = KafkaSettings.of(cluster.bootstrapServers());
            say("cluster of %d brokers at %s; %d deployments, %d load commands, seed %d", options.brokers(),
                    cluster.bootstrapServers(), plan.deployments().size(), plan.commands().size(), options.seed());
            checkTopics();
            for (int i = 1; i <= options.instances(); i++) {
                startInstance("node-" + i);
            }
            for (String id : instances.keySet()) {
                awaitReady(id);
            }
            return load(plan, started);
        } finally {
            ChildJvm.stopAll(instances.values(), 30); // planned stops: each leaves the group at once
            cluster.close();
        }
    }

    /** The topics Rollbook creates on this cluster are replicated for it, and a weaker one is warned about. */
    private void checkTopics() {
        try (Admin admin = kafka.admin("cluster-topics")) {
            List<String> warnings = topics.ensure(admin, PARTITIONS, Replication.FOR_CLUSTER);
            if (!warnings.isEmpty()) {
                failures.add("new topics warned about: " + warnings);
            }
            for (String topic : List.of(topics.commands(), topics.events(), topics.outcomes())) {
                int replicas = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0)
                        .replicas().size();
                String minInsync = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                        .all().get().values().iterator().next().get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value();
                say("topic %s: replication factor %d, min.insync.replicas=%s", topic, replicas, minInsync);
                if (replicas != 3 || !"2".equals(minInsync)) {
                    failures.add(topic + " has replication factor " + replicas + " and min.insync.replicas " + minInsync);
                }
            }
            Topics weak = Topics.withPrefix(PREFIX + "-weak");
            admin.createTopics(List.of(new NewTopic(weak.events(), PARTITIONS, (short) 1))).all().get();
            List<String> weakWarnings = weak.ensure(admin, PARTITIONS, Replication.FOR_CLUSTER);
            if (weakWarnings.stream().noneMatch(w -> w.startsWith("topic " + weak.events() + " has replication factor 1"))) {
                failures.add("no warning for a topic with one replica: " + weakWarnings);
            } else {
                say("an existing topic with one replica is warned about: %s", weakWarnings.get(0));
            }
        } catch (Exception e) {
            failures.add("checking the topics failed: " + e);
        }
    }

    private Result load(LoadPlan plan, long started) throws Exception {
        Map<ObjectRef, LogView.Commanded> commanded = new LinkedHashMap<>();
        Duration brokerTakeOver = null;
        Duration engineTakeOver = null;
        int brokerKills = 0;
        int engineKills = 0;
        try (LogView view = new LogView(kafka, topics);
             OutcomeWatcher outcomes = new OutcomeWatcher(kafka, topics);
             KafkaProducer<String, byte[]> murmur2 = producer("cluster-loadgen-murmur2", Map.of());
             KafkaProducer<String, byte[]> crc32 = producer("cluster-loadgen-crc32",
                     Map.of("partitioner.class", Crc32Partitioner.class.getName()))) {
            List<List<CommandEnvelope>> rounds = plan.rounds();
            for (int round = 0; round < rounds.size(); round++) {
                for (CommandEnvelope c : rounds.get(round)) {
                    int d = plan.deployments().indexOf(c.target());
                    (d % 2 == 0 ? murmur2 : crc32).send(new ProducerRecord<>(topics.commands(), c.target().key(),
                            Commands.encode(c.withIssuedAt(Instant.now()))));
                }
                murmur2.flush();
                crc32.flush();
                if (round == 0) {
                    brokerTakeOver = killBroker(outcomes, plan);
                    brokerKills++;
                } else if (round == 1) {
                    engineTakeOver = killInstance(outcomes, plan);
                    engineKills++;
                } else if (round == 2 && options.addInstance()) {
                    String id = "node-" + (instances.size() + 1);
                    startInstance(id);
                    awaitReady(id);
                    say("instance %s joined", id);
                }
                Thread.sleep(400);
            }
            cluster.awaitNodes(options.brokers());
            say("all %d brokers up", options.brokers());
            List<String> ids = new ArrayList<>(plan.commands().stream().map(CommandEnvelope::commandId).toList());
            // Every load command answered first: the CLI's final commands then come after all of them,
            // also for the Deployments whose commands were forwarded.
            if (outcomes.awaitAll(ids, options.settleTimeout(), () -> null) > 0) {
                failures.add("load commands unanswered after " + options.settleTimeout().toSeconds() + " s");
            }
            finalCommands(plan, commanded);
            boolean settled = awaitSettled(view, ids, plan);
            view.catchUp();
            LogView.Check check = view.check();
            List<String> differences = view.differencesFrom(commanded);
            Result result = new Result(brokerKills, engineKills, check, differences, settled, List.copyOf(failures),
                    brokerTakeOver, engineTakeOver, view.forwardedCount(), instanceStarts,
                    Duration.ofNanos(System.nanoTime() - started));
            report(result, view);
            return result;
        }
    }

    /**
     * SIGKILLs the broker that coordinates the engine's group (the hardest one to lose), sends a
     * command through the CLI while it is gone, and measures how long until every partition answers
     * again; then starts it again.
     */
    private Duration killBroker(OutcomeWatcher outcomes, LoadPlan plan) throws Exception {
        int victim;
        try (Admin admin = kafka.admin("cluster-group")) {
            victim = admin.describeConsumerGroups(List.of(CommandLoop.GROUP)).all().get(30, TimeUnit.SECONDS)
                    .get(CommandLoop.GROUP).coordinator().id();
        }
        long killed = System.nanoTime();
        cluster.kill(victim);
        say("broker %d (the engine group's coordinator) SIGKILLed", victim);
        ObjectRef target = plan.deployments().get(0); // sent with murmur2, like the CLI: in order on one partition
        CompletableFuture<Cli.Ran> scaled = CompletableFuture.supplyAsync(() -> cli(List.of("scale",
                "deployment/" + target.name(), "--replicas=2", "--request-timeout=120")));
        Duration takeOver = probe(outcomes, allPartitions(), killed, "broker " + victim);
        expect(scaled.get(), "deployment.apps/" + target.name() + " scaled", "scale during the broker's loss");
        cluster.start(victim); // it rejoins while the load goes on; the end waits for it
        say("broker %d starting again", victim);
        return takeOver;
    }

    /**
     * SIGKILLs the instance that owns the most partitions of the command topic, sends a command for
     * one of them through the CLI, measures how long until its partitions answer again (from another
     * instance), then starts it again under the same id.
     */
    private Duration killInstance(OutcomeWatcher outcomes, LoadPlan plan) throws Exception {
        Map<String, Set<Integer>> owners = owners();
        String victim = owners.entrySet().stream().max((a, b) -> Integer.compare(a.getValue().size(),
                b.getValue().size())).map(Map.Entry::getKey).orElse("node-1");
        Set<Integer> owned = owners.getOrDefault(victim, Set.of());
        // one sent with murmur2, like the CLI, so the CLI's command cannot overtake one still to be forwarded
        List<ObjectRef> viaMurmur2 = new ArrayList<>();
        for (int d = 0; d < plan.deployments().size(); d += 2) {
            viaMurmur2.add(plan.deployments().get(d));
        }
        ObjectRef target = viaMurmur2.stream().filter(d -> owned.contains(Partitions.of(d.key(), PARTITIONS)))
                .findFirst().orElse(plan.deployments().get(0));
        long killed = System.nanoTime();
        instances.get(victim).kill();
        say("instance %s (partitions %s) SIGKILLed", victim, owned);
        CompletableFuture<Cli.Ran> scaled = CompletableFuture.supplyAsync(() -> cli(List.of("scale",
                "deployment/" + target.name(), "--replicas=3", "--request-timeout=120")));
        Duration takeOver = probe(outcomes, owned.isEmpty() ? allPartitions() : owned, killed, "instance " + victim);
        expect(scaled.get(), "deployment.apps/" + target.name() + " scaled", "scale while its owner was dead");
        startInstance(victim);
        awaitReady(victim);
        say("instance %s started again", victim);
        return takeOver;
    }

    /** The engine group's members by instance id, with the command partitions each owns. */
    private Map<String, Set<Integer>> owners() throws Exception {
        Map<String, Set<Integer>> out = new LinkedHashMap<>();
        try (Admin admin = kafka.admin("cluster-group")) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(CommandLoop.GROUP)).all()
                    .get(30, TimeUnit.SECONDS).get(CommandLoop.GROUP);
            for (MemberDescription m : group.members()) {
                String id = m.groupInstanceId().orElse(m.consumerId()).replaceFirst("^rollbook-engine-", "");
                Set<Integer> ps = new TreeSet<>();
                for (TopicPartition tp : m.assignment().topicPartitions()) {
                    ps.add(tp.partition());
                }
                out.put(id, ps);
            }
        }
        return out;
    }

    /**
     * Sends one probe command (a Pause of a Deployment that does not exist: a Rejected outcome, no
     * event) to each of {@code partitions} and waits for their outcomes: the time from {@code since}
     * (a {@link System#nanoTime()}) to the last of them is how long those partitions went unanswered.
     */
    private Duration probe(OutcomeWatcher outcomes, Set<Integer> partitions, long since, String what)
            throws Exception {
        List<String> ids = new ArrayList<>();
        try (CommandClient client = CommandClient.within(kafka, topics, "cluster-probe", PROBE_TIMEOUT)) {
            for (int p : partitions) {
                String name = probeName(p);
                CommandEnvelope c = CommandEnvelope.of("probe-" + (++probes) + "-" + name,
                        ObjectRef.deployment("default", name), Instant.now(), "cluster-test", null, new Pause());
                client.sendOnly(c, Instant.now().plus(PROBE_TIMEOUT));
                ids.add(c.commandId());
            }
        }
        long missing = outcomes.awaitAll(ids, PROBE_TIMEOUT, () -> null);
        if (missing > 0) {
            failures.add(missing + " probes unanswered " + PROBE_TIMEOUT.toSeconds() + " s after losing " + what);
            return PROBE_TIMEOUT;
        }
        long last = ids.stream().mapToLong(outcomes::seenAt).max().orElseThrow();
        long first = ids.stream().mapToLong(outcomes::seenAt).min().orElseThrow();
        Duration sinceKill = Duration.ofNanos(last - since);
        Duration firstAnswer = Duration.ofNanos(first - since);
        say("after losing %s: partitions %s answered again after %.1f s (the first after %.1f s)", what, partitions,
                sinceKill.toMillis() / 1000.0, firstAnswer.toMillis() / 1000.0);
        return sinceKill;
    }

    /** A Deployment name whose key lands on {@code partition}; probe names never collide with the load's. */
    private String probeName(int partition) {
        for (int n = 0; ; n++) {
            String name = "probe-" + partition + "-" + n;
            if (Partitions.of("default/" + name, PARTITIONS) == partition) {
                return name;
            }
        }
    }

    private static Set<Integer> allPartitions() {
        Set<Integer> all = new TreeSet<>();
        for (int p = 0; p < PARTITIONS; p++) {
            all.add(p);
        }
        return all;
    }

    /** Through the CLI, every Deployment: the final image, then its final replicas; each must answer. */
    private void finalCommands(LoadPlan plan, Map<ObjectRef, LogView.Commanded> commanded) {
        for (int d = 0; d < plan.deployments().size(); d++) {
            ObjectRef target = plan.deployments().get(d);
            int replicas = 1 + d % 4;
            Cli.Ran image = cli(List.of("set", "image", "deployment/" + target.name(),
                    LoadPlan.CONTAINER + "=" + FINAL_IMAGE, "--request-timeout=120"));
            if (image.exit() != 0) {
                failures.add("set image " + target.name() + ": exit " + image.exit() + " " + image.err().strip());
            }
            expect(cli(List.of("scale", "deployment/" + target.name(), "--replicas=" + replicas,
                    "--request-timeout=120")), "deployment.apps/" + target.name() + " scaled", "final scale");
            commanded.put(target, new LogView.Commanded(replicas, LoadPlan.CONTAINER, FINAL_IMAGE));
        }
        say("final image and replicas of %d deployments set through the CLI", plan.deployments().size());
    }

    private Cli.Ran cli(List<String> args) {
        return options.cli().run(cluster.bootstrapServers(), PREFIX, args);
    }

    private void expect(Cli.Ran ran, String line, String what) {
        if (ran.exit() != 0 || !ran.out().strip().equals(line)) {
            failures.add(what + ": exit " + ran.exit() + ", out " + ran.out().strip() + ", err " + ran.err().strip());
        }
    }

    /** Every load command answered, then no new event for {@link #QUIET} while every Deployment looks settled. */
    private boolean awaitSettled(LogView view, List<String> ids, LoadPlan plan) throws InterruptedException {
        if (view.awaitSettled(ids, plan.deployments(), QUIET, options.settleTimeout())) {
            return true;
        }
        say("not settled within %d s (all load commands answered: %s)", options.settleTimeout().toSeconds(),
                view.hasOutcomes(ids));
        return false;
    }

    private void startInstance(String id) throws IOException {
        int port = httpPorts.computeIfAbsent(id, k -> ChildJvm.freePort());
        Path settings = options.workDir().resolve(id + ".kafka.properties");
        java.util.Properties props = new java.util.Properties();
        props.putAll(options.clientSettings());
        try (var out = Files.newBufferedWriter(settings)) {
            props.store(out, "client settings of " + id);
        }
        Instance instance = new Instance(cluster.bootstrapServers(), PREFIX, id, port, PARTITIONS,
                options.clientSettings(), settings);
        List<String> args = options.launcher().args(instance);
        instances.put(id, ChildJvm.start(id, options.launcher().classpath(), INSTANCE_HEAP,
                options.workDir().resolve(id + ".log"), options.launcher().mainClass(), args.toArray(String[]::new)));
        instanceStarts++;
        say("instance %s starting (HTTP %d)", id, port);
    }

    /** Waits until the instance's {@code /readyz} passes: its command loop joined and restored its partitions. */
    private void awaitReady(String id) throws InterruptedException {
        URI readyz = URI.create("http://127.0.0.1:" + httpPorts.get(id) + "/readyz");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!instances.get(id).alive()) {
                throw new IllegalStateException("instance " + id + " exited; see " + options.workDir().resolve(id + ".log"));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.body().strip();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("instance " + id + " not ready after 180 s: " + last);
    }

    private KafkaProducer<String, byte[]> producer(String name, Map<String, String> own) {
        Map<String, String> settings = new LinkedHashMap<>(own);
        settings.put("linger.ms", "5");
        return kafka.producer(ClientRole.COMMAND_PRODUCER, name, settings);
    }

    private void report(Result r, LogView view) {
        say("%d commands (%d forwarded to their owner's partition), %d events, %d outcomes; %d instance starts",
                r.check().commands(), r.forwarded(), view.eventCount(), view.outcomeCount(), r.instanceStarts());
        say("%d lost, %d duplicated, %d aggregates off their partition%s", r.check().lost(), r.check().duplicated(),
                r.check().misplaced(), r.settled() ? "" : " (did NOT settle)");
        r.check().problems().forEach(p -> say("  log: %s", p));
        r.differences().forEach(d -> say("  not as commanded: %s", d));
        r.failures().forEach(f -> say("  failed: %s", f));
        say("take-over: a killed broker's partitions answered again after %s, a killed instance's after %s",
                seconds(r.brokerTakeOver()), seconds(r.engineTakeOver()));
        say("took %d s", r.elapsed().toSeconds());
    }

    private static String seconds(Duration d) {
        return d == null ? "-" : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private void say(String format, Object... args) {
        log.println(String.format("[%5.1f s] ", (System.nanoTime() - created) / 1e9) + String.format(format, args));
        log.flush();
    }
}
