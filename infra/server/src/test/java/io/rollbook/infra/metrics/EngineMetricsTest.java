package io.rollbook.infra.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.rollout.RolloutRecord;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.kafka.EngineListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's callbacks become counters and a latency histogram, and still reach the next listener. */
class EngineMetricsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> heard = new ArrayList<>();
    private final EngineMetrics metrics = new EngineMetrics(registry, scheduler, new EngineListener() {
        @Override
        public void processed(CommandEnvelope command, Outcome outcome, Instant finishedAt) {
            heard.add("processed " + command.commandId());
        }

        @Override
        public void restored(int partition, long events, long outcomes) {
            heard.add("restored " + partition);
        }

        @Override
        public void transactionCommitted(int commands, int records) {
            heard.add("committed " + commands);
        }

        @Override
        public void forwarded(int from, int to) {
            heard.add("forwarded " + from + "->" + to);
        }

        @Override
        public void handlerFailed(CommandEnvelope command, RuntimeException failure) {
            heard.add("failed " + command.commandId());
        }

        @Override
        public void recovering(String action, Exception cause) {
            heard.add(action);
        }

        @Override
        public void died(Throwable cause) {
            heard.add("died");
        }

        @Override
        public void dedupeDropped(int partition, long ids) {
            heard.add("dropped " + ids);
        }
    });

    @Test
    void countsTheCommandIdsTheDedupeDroppedAtItsCap() {
        assertThat(registry.get("rollbook.dedupe.dropped").counter().count()).as("there from the start").isZero();

        metrics.dedupeDropped(2, 1);
        metrics.dedupeDropped(3, 2);

        assertThat(registry.get("rollbook.dedupe.dropped").counter().count()).isEqualTo(3);
        assertThat(heard).containsExactly("dropped 1", "dropped 2");
    }

    @Test
    void countsCommandsByTypeAndOutcomeAndTimesThemFromIssuedAt() {
        metrics.processed(scale("c1", T0), new Outcome("c1", Outcome.Status.Accepted, "scaled", 2L, 7),
                T0.plusMillis(40));
        metrics.processed(scale("c2", T0), Outcome.rejected("c2", Outcome.Reason.NotFound, "not found"),
                T0.plusMillis(3));
        // A sender whose clock runs ahead: the latency is 0, never negative.
        metrics.processed(scale("c3", T0.plusSeconds(5)), Outcome.rejected("c3", Outcome.Reason.NotFound, "not found"),
                T0);

        assertThat(registry.get("rollbook.commands").tag("type", "Scale").tag("outcome", "accepted").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get("rollbook.commands").tag("type", "Scale").tag("outcome", "rejected").counter()
                .count()).isEqualTo(2);
        Timer accepted = registry.get("rollbook.command.latency").tag("type", "Scale").tag("outcome", "accepted").timer();
        assertThat(accepted.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
        assertThat(registry.get("rollbook.command.latency").tag("type", "Scale").tag("outcome", "rejected").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3);
        assertThat(registry.get("rollbook.events.appended").counter().count()).isEqualTo(7);
        assertThat(heard).containsExactly("processed c1", "processed c2", "processed c3");
    }

    @Test
    void countsReplayedEventsDeadLettersAndAbortedTransactions() {
        metrics.restored(0, 120, 30);
        metrics.restored(1, 5, 1);
        metrics.deadLettered("unreadable command");
        metrics.transactionAborted(new IllegalStateException("broker gone"));

        assertThat(registry.get("rollbook.events.replayed").counter().count()).isEqualTo(125);
        assertThat(registry.get("rollbook.partition.restores").counter().count()).isEqualTo(2);
        assertThat(registry.get("rollbook.deadletter.records").counter().count()).isEqualTo(1);
        assertThat(registry.get("rollbook.transactions.aborted").counter().count()).isEqualTo(1);
        assertThat(heard).containsExactly("restored 0", "restored 1");
    }

    @Test
    void countsForwardedCommandsFailedHandlersRecoveriesAndDeathsAndPassesEveryCallbackOn() {
        metrics.transactionCommitted(3, 9);
        metrics.forwarded(1, 5);
        metrics.forwarded(2, 5);
        metrics.handlerFailed(scale("c1", T0), new NullPointerException());
        metrics.recovering("RETRY", new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moved"));
        metrics.recovering("REJOIN", new org.apache.kafka.common.errors.ProducerFencedException("fenced"));
        metrics.died(new ThreadDeath());

        assertThat(registry.get("rollbook.commands.forwarded").counter().count()).isEqualTo(2);
        assertThat(registry.get("rollbook.command.failures").tag("type", "Scale")
                .tag("exception", "NullPointerException").counter().count()).isEqualTo(1);
        assertThat(registry.get("rollbook.engine.recoveries").tag("action", "retry").counter().count()).isEqualTo(1);
        assertThat(registry.get("rollbook.engine.recoveries").tag("action", "rejoin").counter().count()).isEqualTo(1);
        assertThat(registry.get("rollbook.engine.loop.deaths").counter().count()).isEqualTo(1);
        assertThat(heard).containsExactly("committed 3", "forwarded 1->5", "forwarded 2->5", "failed c1", "RETRY",
                "REJOIN", "died");
    }

    /** A series born with its first sample hides that sample from increase(): all of them exist at 0 before any command. */
    @Test
    void everyCommandSeriesExistsAtZeroBeforeTheFirstCommand() {
        for (String type : Commands.TYPES.keySet()) {
            for (String outcome : List.of("accepted", "unchanged", "rejected")) {
                assertThat(registry.get("rollbook.commands").tag("type", type).tag("outcome", outcome).counter().count())
                        .as("%s %s", type, outcome).isZero();
                assertThat(registry.get("rollbook.command.latency").tag("type", type).tag("outcome", outcome).timer()
                        .count()).isZero();
            }
        }
    }

    @Test
    void countsCommittedRolloutTransitionsByTransitionAndReasonFromZero() {
        RolloutRecord.REASONS.forEach((transition, reasons) -> reasons.forEach(reason -> assertThat(
                registry.get("rollbook.rollout.transitions").tag("transition", transition).tag("reason", reason)
                        .counter().count()).as("%s %s", transition, reason).isZero()));

        metrics.rolloutsCommitted(List.of(transition("failed", "ProgressDeadlineExceeded"),
                transition("rolled-back", "ProgressDeadlineExceeded"), transition("started", "ProgressDeadlineExceeded")));

        assertThat(registry.get("rollbook.rollout.transitions").tag("transition", "rolled-back")
                .tag("reason", "ProgressDeadlineExceeded").counter().count()).isEqualTo(1);
        assertThat(registry.get("rollbook.rollout.transitions").tag("transition", "rolled-back").tag("reason", "Undo")
                .counter().count()).isZero();
    }

    private static RolloutRecord transition(String transition, String reason) {
        return new RolloutRecord(1, transition, reason, "default", "web", 2, null, null, List.of("nginx:broken"),
                "rollbook-controller", "c-1", null, transition, T0);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static CommandEnvelope scale(String id, Instant issuedAt) {
        return CommandEnvelope.of(id, ObjectRef.deployment("default", "web"), issuedAt, "test", null, new Scale(2));
    }
}
