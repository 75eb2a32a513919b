package io.rollbook.infra.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine: reads {@code rollbook.commands} in group {@code rollbook-engine}, runs each command
 * through its aggregate, and writes events, outcomes and the consumed offsets in one Kafka
 * transaction per polled batch (exactly once; a zombie is fenced by the group metadata, KIP-447).
 * A command read on a partition that does not own its target is forwarded to the one that does.
 *
 * <p>The loop supervises its {@link EngineSession}s, one per life of its Kafka clients, by Kafka's
 * error taxonomy ({@link KafkaFailures}): a retriable failure is retried inside the session; a
 * fencing or a rebalance that took the partitions ends the session, and after a backoff a new one
 * rejoins with new clients and restores its partitions from Kafka; a fatal failure stops the loop,
 * which leaves the group (its partitions move on at once) and reports itself {@code DEAD} in its
 * {@link #health()}. {@link #run()} then throws {@link LoopDiedException}. A Kafka error of no known
 * kind gets a new session too, but one that ends {@value #UNKNOWN_LIMIT} sessions in a row before
 * they run is fatal.
 */
public final class CommandLoop implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandLoop.class);
    public static final String GROUP = "rollbook-engine";
    /** Command loops per process unless told otherwise (see docs/BENCHMARKS.md for what more of them gave). */
    public static final int DEFAULT_WORKERS = 1;

    private final LoopClients clients;
    private final Topics topics;
    private final String instanceId;
    private final EngineListener listener;
    private final Backoff backoff;
    private final LoopHealth health;
    private final Pause pause = new Pause();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile EngineSession session;
    /** Sessions in a row that ended on the same Kafka error of no known kind before running. */
    private int unknownInARow;
    /** After this many, such an error is taken for what it most likely is: one no new session cures. */
    static final int UNKNOWN_LIMIT = 5;

    public CommandLoop(KafkaSettings kafka, Topics topics, String instanceId, EngineListener listener) {
        this(kafka, topics, instanceId, listener, SnapshotPolicy.DEFAULT);
    }

    /** A loop that writes the snapshots of its partitions as {@code snapshots} says. */
    public CommandLoop(KafkaSettings kafka, Topics topics, String instanceId, EngineListener listener,
                       SnapshotPolicy snapshots) {
        this(LoopClients.of(kafka, topics, instanceId, listener, snapshots), topics, instanceId, listener,
                Backoff.DEFAULT);
    }

    CommandLoop(LoopClients clients, Topics topics, String instanceId, EngineListener listener, Backoff backoff) {
        this.clients = clients;
        this.topics = topics;
        this.instanceId = instanceId;
        this.listener = listener;
        this.backoff = backoff.copy();
        this.health = new LoopHealth("engine " + instanceId);
    }

    /**
     * The instance id of worker {@code worker} of instance {@code instanceId}: the first keeps the
     * instance's own id (its static group membership and transactional id are those of a one-loop
     * engine), the others add {@code -w<n>}.
     */
    public static String workerId(String instanceId, int worker) {
        return worker == 0 ? instanceId : instanceId + "-w" + worker;
    }

    /** What the loop is doing now; {@code DEAD} once it has stopped for good. */
    public LoopHealth health() {
        return health;
    }

    /** Runs sessions until {@link #close()}; throws {@link LoopDiedException} when a failure stops it for good. */
    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a CommandLoop runs once");
        }
        try {
            while (running.get()) {
                runSession();
            }
            health.set(LoopHealth.Phase.STOPPED, "closed");
        } catch (LoopDiedException e) {
            throw e;
        } catch (Throwable e) {
            die(e); // an Error, or a failure while closing a session: nothing to go on with
            throw e;
        }
    }

    /** One session: returns when it ended and another may start; throws when the loop must die. */
    private void runSession() {
        EngineSession s = new EngineSession(instanceId, topics, clients, listener, health, backoff, pause);
        session = s;
        boolean leave = true;
        try {
            if (running.get()) {
                s.open();
                s.run(running::get);
            }
        } catch (RuntimeException e) {
            if (!running.get()) {
                return; // closing: whatever the clients say now is no news
            }
            unknownInARow = s.ran() || !KafkaFailures.unknown(e) ? 0 : unknownInARow + 1;
            if (KafkaFailures.classify(e) == KafkaFailures.Action.FATAL || unknownInARow >= UNKNOWN_LIMIT) {
                die(e);
                throw new LoopDiedException(instanceId, e);
            }
            leave = false; // the next session takes the partitions back under the same static membership
            rejoinLater(e);
        } finally {
            s.close(leave);
        }
    }

    private void rejoinLater(RuntimeException cause) {
        Duration wait = backoff.next();
        String detail = "rejoining in " + wait.toMillis() + " ms after " + KafkaFailures.describe(cause)
                + " (attempt " + backoff.attempts() + ")";
        health.set(LoopHealth.Phase.RECOVERING, detail);
        listener.recovering(KafkaFailures.Action.REJOIN.name(), cause);
        LOG.warn("engine {}: {}; what it kept of its partitions is dropped and restored again", instanceId, detail);
        pause.sleep(wait);
    }

    private void die(Throwable cause) {
        String detail = KafkaFailures.describe(cause);
        LOG.error("engine {} stopped: {}", instanceId, detail, cause);
        health.set(LoopHealth.Phase.DEAD, detail);
        listener.died(cause);
    }

    /** Stops the loop: the current poll or backoff ends, the member leaves the group (its partitions move at once). */
    @Override
    public void close() {
        running.set(false);
        pause.wake();
        EngineSession s = session;
        if (s != null) {
            s.wakeup();
        }
    }

    /** A command loop stopped for good; {@link #getCause()} is why. */
    public static final class LoopDiedException extends RuntimeException {
        LoopDiedException(String instanceId, Throwable cause) {
            super("engine " + instanceId + " stopped: " + KafkaFailures.describe(cause), cause);
        }
    }
}
