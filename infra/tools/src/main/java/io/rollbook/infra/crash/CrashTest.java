package io.rollbook.infra.crash;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kafka.RestoreCheck;
import io.rollbook.infra.kubelet.KubeletRunner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The crash test: a broker in its own JVM, the engine in another, a kubelet stand-in and a load
 * generator here. The engine is SIGKILLed {@code kills} times at random moments while rollouts
 * run, and restarted each time. The same load then runs fault-free (other topics, same broker),
 * and the two logs are compared: every command exactly one outcome, no (aggregate, sequence) twice,
 * no gap, and equal settled states. The engine writes snapshots often ({@link EngineMain#OFTEN}), so
 * kills land in snapshot writes too; after each kill, before the restart, and once more at the end,
 * what a restart restores (the latest trusted snapshot and the tail) must equal the fold of the whole
 * log ({@link RestoreCheck}).
 */
public final class CrashTest {

    /** What to run; {@code classpath} is what the child JVMs get. */
    public record Options(int kills, int deployments, long seed, Path workDir, String classpath,
                          Duration settleTimeout, PrintWriter log) {
        public Options {
            if (kills < 0) {
                throw new IllegalArgumentException("--kills must be >= 0, was " + kills);
            }
            if (deployments < 1) {
                throw new IllegalArgumentException("--deployments must be >= 1, was " + deployments);
            }
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(classpath, "classpath");
        }
    }

    /** The outcome; {@link #line()} is the script's last line. */
    public record Result(int kills, LogView.Check crash, LogView.Check clean, boolean equal, List<String> differences,
                         boolean crashSettled, boolean cleanSettled, Duration elapsed, Restores restores) {
        public String line() {
            return "crash test: " + kills + " kills, " + crash.commands() + " commands, " + crash.lost() + " lost, "
                    + crash.duplicated() + " duplicated, final state " + (equal ? "equal" : "differs")
                    + ", restores " + (restores.differences().isEmpty() ? "equal" : "differ") + " ("
                    + restores.fromSnapshot() + " of " + restores.partitions() + " partitions from snapshots)";
        }

        public boolean passed() {
            return crash.ok() && clean.ok() && equal && crashSettled && cleanSettled
                    && restores.differences().isEmpty();
        }
    }

    /**
     * The restore checks of the crash run: partitions restored in all checks, how many of them from
     * a snapshot, and what differed from the whole log's fold.
     */
    public record Restores(int partitions, int fromSnapshot, List<String> differences) {
    }

    static final Stages STAGES = new Stages(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(100),
            0.3, List.of("node-1", "node-2", "node-3"), 11);
    private static final int PARTITIONS = 6;
    private static final Duration QUIET = Duration.ofSeconds(3);

    private final Options options;
    private final PrintWriter log;
    private final Random random;

    private CrashTest(Options options) {
        this.options = options;
        this.log = options.log() != null ? options.log() : new PrintWriter(System.err, true);
        this.random = new Random(options.seed());
    }

    public static Result run(Options options) throws Exception {
        return new CrashTest(options).run();
    }

    private Result run() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(options.workDir());
        LoadPlan plan = LoadPlan.generate(options.seed(), options.deployments());
        int port = ChildJvm.freePort();
        ChildJvm broker = ChildJvm.start("broker", options.classpath(), "768m", options.workDir().resolve("broker.log"),
                BrokerMain.class.getName(), options.workDir().resolve("kafka").toString(), String.valueOf(port));
        say("broker %s on localhost:%d; %d deployments, %d commands, seed %d", broker, port, plan.deployments().size(),
                plan.commands().size(), options.seed());
        try {
            KafkaSettings kafka = KafkaSettings.of("localhost:" + port);
            awaitBroker(kafka, broker);
            Run crash = new Run(kafka, Topics.withPrefix("crash"), "crash-engine", options.kills(), plan).execute();
            Run clean = new Run(kafka, Topics.withPrefix("clean"), "clean-engine", 0, plan).execute();
            List<String> differences = differences(crash.states, clean.states);
            Result result = new Result(crash.killed, crash.check, clean.check, differences.isEmpty(), differences,
                    crash.settled, clean.settled, Duration.ofNanos(System.nanoTime() - started),
                    new Restores(crash.restored, crash.fromSnapshot, List.copyOf(crash.restoreDifferences)));
            report(result);
            return result;
        } finally {
            broker.stop(30);
        }
    }

    private void report(Result r) {
        say("crash run: %d commands, %d lost, %d duplicated%s", r.crash().commands(), r.crash().lost(),
                r.crash().duplicated(), r.crashSettled() ? "" : " (did NOT settle)");
        r.crash().problems().forEach(p -> say("  crash: %s", p));
        say("fault-free run: %d commands, %d lost, %d duplicated%s", r.clean().commands(), r.clean().lost(),
                r.clean().duplicated(), r.cleanSettled() ? "" : " (did NOT settle)");
        r.clean().problems().forEach(p -> say("  clean: %s", p));
        r.differences().forEach(d -> say("  differs: %s", d));
        say("restores: %d partitions restored in the checks, %d from a snapshot", r.restores().partitions(),
                r.restores().fromSnapshot());
        r.restores().differences().forEach(d -> say("  restore: %s", d));
        say("took %d s", r.elapsed().toSeconds());
    }

    private static List<String> differences(Map<String, JsonNode> a, Map<String, JsonNode> b) {
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k)) && out.size() < 10) {
                out.add(k + ": crash run " + a.get(k) + " vs fault-free run " + b.get(k));
            }
        }
        return out;
    }

    /** One run of the whole load against one set of topics. */
    private final class Run {
        final KafkaSettings kafka;
        final Topics topics;
        final String instanceId;
        final int kills;
        final LoadPlan plan;
        int killed;
        int engineStarts;
        LogView.Check check;
        Map<String, JsonNode> states;
        boolean settled;
        int restored;
        int fromSnapshot;
        final List<String> restoreDifferences = new ArrayList<>();

        Run(KafkaSettings kafka, Topics topics, String instanceId, int kills, LoadPlan plan) {
            this.kafka = kafka;
            this.topics = topics;
            this.instanceId = instanceId;
            this.kills = kills;
            this.plan = plan;
        }

        Run execute() throws Exception {
            try (Admin admin = kafka.admin("crash-topics")) {
                topics.ensure(admin, PARTITIONS);
            }
            say("%s run: starting the engine", topics.prefix());
            ChildJvm engine = startEngine();
            KubeletRunner kubelet = new KubeletRunner(kafka, topics, STAGES, Clock.systemUTC());
            Thread kubeletThread = new Thread(kubelet, "crash-kubelet-" + topics.prefix());
            kubeletThread.start();
            try (LogView view = new LogView(kafka, topics);
                 KafkaProducer<String, byte[]> producer = producer()) {
                int[] killsAfterRound = spread(kills, plan.rounds().size());
                for (int round = 0; round < plan.rounds().size(); round++) {
                    for (CommandEnvelope c : plan.rounds().get(round)) {
                        producer.send(new ProducerRecord<>(topics.commands(), c.target().key(),
                                Commands.encode(c.withIssuedAt(Instant.now()))));
                    }
                    producer.flush();
                    for (int k = 0; k < killsAfterRound[round]; k++) {
                        engine = killAndRestart(engine, view);
                    }
                    Thread.sleep(400);
                }
                List<String> ids = plan.commands().stream().map(CommandEnvelope::commandId).toList();
                settled = awaitSettled(view, ids);
                engine.stop(30);
                checkRestore();
                view.catchUp();
                check = view.check();
                states = view.finalStates(plan.deployments());
                say("%s run: %d events, %d outcomes, %d engine starts, %d kills", topics.prefix(), view.eventCount(),
                        view.outcomeCount(), engineStarts, killed);
            } finally {
                kubelet.close();
                kubeletThread.join(20_000);
                if (engine.alive()) {
                    engine.kill();
                }
            }
            return this;
        }

        ChildJvm startEngine() {
            engineStarts++;
            return ChildJvm.start(instanceId, options.classpath(), "384m",
                    options.workDir().resolve(topics.prefix() + "-engine.log"), EngineMain.class.getName(),
                    kafka.bootstrapServers(), topics.prefix(), instanceId, String.valueOf(PARTITIONS));
        }

        /**
         * Waits until the running engine has committed something new (so it is up and mid-work), then
         * a random 0-1.5 s, then SIGKILL and a new engine at once.
         */
        ChildJvm killAndRestart(ChildJvm engine, LogView view) throws InterruptedException {
            view.catchUp();
            long before = view.outcomeCount();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (view.outcomeCount() == before && System.nanoTime() < deadline) {
                Thread.sleep(200);
                view.catchUp();
            }
            Thread.sleep(random.nextInt(1500));
            engine.kill();
            killed++;
            say("%s run: kill %d of %d: SIGKILLed %s after %d outcomes", topics.prefix(), killed, kills, engine,
                    view.outcomeCount());
            checkRestore();
            return startEngine();
        }

        /** With no engine running (the events stand still): what a restart restores must be the whole log's fold. */
        void checkRestore() {
            if (kills == 0) {
                return; // the fault-free run is the reference, not under test
            }
            RestoreCheck.Result r = RestoreCheck.check(kafka, topics, PARTITIONS);
            restored += r.partitions();
            fromSnapshot += r.fromSnapshot();
            restoreDifferences.addAll(r.differences());
            say("%s run: restore check: %d of %d partitions from a snapshot, %s", topics.prefix(), r.fromSnapshot(),
                    r.partitions(), r.differences().isEmpty() ? "equal to the whole log" : r.differences());
        }

        /** Every load command answered, then no new event for {@link #QUIET} while every Deployment looks settled. */
        boolean awaitSettled(LogView view, List<String> ids) throws InterruptedException {
            if (view.awaitSettled(ids, plan.deployments(), QUIET, options.settleTimeout())) {
                return true;
            }
            say("%s run: not settled within %d s (all load commands answered: %s)", topics.prefix(),
                    options.settleTimeout().toSeconds(), view.hasOutcomes(ids));
            return false;
        }

        KafkaProducer<String, byte[]> producer() {
            // one batch in flight: a retry after NOT_LEADER on a new topic cannot be overtaken
            return kafka.producer(ClientRole.COMMAND_PRODUCER, "crash-loadgen",
                    Map.of("linger.ms", "5", "max.in.flight.requests.per.connection", "1"));
        }
    }

    /** {@code kills} spread over the rounds at random, so that they hit rollouts at different stages. */
    private int[] spread(int kills, int rounds) {
        int[] out = new int[rounds];
        for (int i = 0; i < kills; i++) {
            out[i < rounds ? i * rounds / Math.max(1, Math.min(kills, rounds)) : random.nextInt(rounds)]++;
        }
        return out;
    }

    private void awaitBroker(KafkaSettings kafka, ChildJvm broker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!broker.alive()) {
                throw new IllegalStateException("the broker process exited; see " + options.workDir().resolve("broker.log"));
            }
            try (Admin admin = kafka.admin("crash-await-broker", Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the broker on " + kafka.bootstrapServers() + " is not ready after 120 s", last);
    }

    private void say(String format, Object... args) {
        log.println(String.format(format, args));
        log.flush();
    }
}
