package io.rollbook.infra.crash;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.kafka.CommandClient;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kafka.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short cluster test of the default suite: three brokers and two Rollbook instances, each its own
 * JVM; one broker and one instance SIGKILLed during the load and started again; half the commands
 * from a CRC32-partitioned producer. {@code scripts/cluster-test.sh} runs the long one, through the
 * real CLI and {@code rollbook up}, with a fourth instance joining. No timing thresholds: only
 * generous upper bounds on waiting.
 */
class ClusterTestIntegrationTest {

    @TempDir
    Path dir;

    /**
     * Failures noticed in seconds, to keep the default build short: a dead broker after 3 s (9 s by
     * default), timed-out transactions looked for every second (10 s), group sessions down to 2 s.
     */
    static final Map<String, String> FAST_BROKERS = Map.of("broker.session.timeout.ms", "3000",
            "broker.heartbeat.interval.ms", "500", "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000",
            "group.min.session.timeout.ms", "2000");
    /** A killed instance's partitions move after 3 s, and its open transaction is aborted after 4 s. */
    static final Map<String, String> FAST_CLIENTS = Map.of("session.timeout.ms", "3000",
            "heartbeat.interval.ms", "1000", "transaction.timeout.ms", "4000");

    /**
     * The verbs the cluster test uses, sent as the CLI sends them (its client, its timeouts), without
     * picocli; one client for all of them, as a CLI that stays open would.
     */
    static ClusterTest.Cli commandClient() {
        CommandClient[] client = new CommandClient[1];
        return (bootstrap, prefix, args) -> {
            ObjectRef target = ObjectRef.deployment("default", args.get(args.get(0).equals("set") ? 2 : 1)
                    .substring("deployment/".length()));
            CommandPayload payload = args.get(0).equals("scale")
                    ? new Scale(Integer.parseInt(value(args, "--replicas=")))
                    : new SetImage(Map.of(args.get(3).split("=")[0], args.get(3).split("=")[1]));
            Duration timeout = Duration.ofSeconds(Long.parseLong(value(args, "--request-timeout=")));
            synchronized (client) {
                try {
                    if (client[0] == null) {
                        client[0] = CommandClient.within(KafkaSettings.of(bootstrap), Topics.withPrefix(prefix),
                                "test-cli", timeout);
                    }
                    Outcome o = client[0].send(CommandEnvelope.of(UUID.randomUUID().toString(), target, Instant.now(),
                            "test-cli", null, payload), timeout);
                    return o.status() == Outcome.Status.Rejected
                            ? new ClusterTest.Cli.Ran(1, "", "error: " + o.message())
                            : new ClusterTest.Cli.Ran(0, o.message().isEmpty() ? "" : o.message() + "\n", "");
                } catch (Exception e) {
                    return new ClusterTest.Cli.Ran(1, "", "error: " + e);
                }
            }
        };
    }

    static String value(List<String> args, String option) {
        return args.stream().filter(a -> a.startsWith(option)).findFirst().orElseThrow().substring(option.length());
    }

    static ClusterTest.InstanceLauncher instanceMain() {
        return new ClusterTest.InstanceLauncher() {
            @Override
            public String classpath() {
                return System.getProperty("java.class.path");
            }

            @Override
            public String mainClass() {
                return InstanceMain.class.getName();
            }

            @Override
            public List<String> args(ClusterTest.Instance i) {
                List<String> args = new ArrayList<>(List.of(i.bootstrapServers(), i.topicPrefix(), i.id(),
                        String.valueOf(i.httpPort()), String.valueOf(i.partitions())));
                i.clientSettings().forEach((k, v) -> args.add(k + "=" + v));
                return args;
            }
        };
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void killingABrokerAndAnInstanceLosesAndDoublesNothingAndEndsAsCommanded() throws Exception {
        StringWriter progress = new StringWriter();
        PrintWriter both = new PrintWriter(new java.io.Writer() { // kept for the assertion, and shown as it goes
            @Override
            public void write(char[] buf, int off, int len) {
                progress.write(buf, off, len);
                System.err.print(new String(buf, off, len));
            }

            @Override
            public void flush() {
                System.err.flush();
            }

            @Override
            public void close() {
            }
        }, true);
        ClusterTest.Result result = ClusterTest.run(new ClusterTest.Options(3, 2, false, 4, 7, dir,
                System.getProperty("java.class.path"), instanceMain(), commandClient(), FAST_BROKERS, FAST_CLIENTS,
                Duration.ofMinutes(4), both));

        String why = progress + "\n" + result.line();
        assertThat(result.failures()).as(why).isEmpty();
        assertThat(result.check().problems()).as(why).isEmpty();
        assertThat(result.differences()).as(why).isEmpty();
        assertThat(result.forwarded()).as(why).isPositive();
        assertThat(result.passed()).as(why).isTrue();
        assertThat(result.line()).as(why).matches(
                "cluster test: 1 broker kills, 1 engine kills, \\d+ commands, 0 lost, 0 duplicated, final state equal");
    }
}
