package io.rollbook.infra.crash;

import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.kafka.SnapshotPolicy;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.EngineListener;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The engine alone in its own JVM, as {@code rollbook up --bootstrap-servers B --no-kubelet} runs it,
 * for the crash test to SIGKILL. One difference: its client configuration sets the consumer's session
 * timeout to the broker's minimum (6 s) instead of the engine's default (15 s), so that a killed
 * member's partitions move on within seconds. A user's configuration beats a role's default (see
 * {@code KafkaSettings}), so this value is the one the loop's consumer gets. Another: it writes
 * snapshots far more often ({@link #OFTEN}).
 *
 * <p>Arguments: bootstrap servers, topic prefix, instance id, partitions.
 */
public final class EngineMain {

    /** The client configuration of a fast-failing group member; the engine's producer and admin clients ignore it. */
    static final Map<String, String> FAST_GROUP = Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000");

    /**
     * Snapshots every 20 events or 200 ms: most of the engine's life is near a snapshot write, so the
     * crash test's kills land in them too (a snapshot on every batch is what the default avoids).
     */
    static final SnapshotPolicy OFTEN = new SnapshotPolicy(20, java.time.Duration.ofMillis(200));

    private EngineMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: EngineMain BOOTSTRAP PREFIX INSTANCE_ID PARTITIONS");
            System.exit(1);
        }
        Rollbook.Options options = Rollbook.Options.builder().bootstrapServers(args[0]).kafkaClientProperties(FAST_GROUP)
                .topics(Topics.withPrefix(args[1]), Integer.parseInt(args[3])).instanceId(args[2]).noKubelet()
                .snapshots(OFTEN).build();
        Rollbook rollbook = Rollbook.start(options, Clock.systemUTC(), EngineListener.NONE);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            rollbook.close();
            stopped.countDown();
        }, "engine-shutdown"));
        System.out.println("engine " + args[2] + " running on " + args[0] + " (topics " + args[1] + ".*)");
        System.out.flush();
        stopped.await();
    }
}
