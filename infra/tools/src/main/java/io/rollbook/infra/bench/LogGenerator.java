package io.rollbook.infra.bench;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Tick;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.engine.kubelet.KubeletModel;
import io.rollbook.engine.kubelet.KubeletModel.PlannedReport;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.engine.verbs.DeploymentDecider;
import io.rollbook.engine.verbs.Rejection;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A realistic event log without Kafka or Axon: each Deployment is applied at v1, its pods are
 * reported Running and Ready by the real {@link KubeletModel} at {@link Stages#instant()}, then it
 * is set to v2 and rolled over the same way, all through the engine's own {@link DeploymentDecider}.
 * The envelopes are exactly those the engine would write for these commands (same events, same
 * sequences and metadata); only the interleaving of Deployments differs, which replay ignores.
 *
 * <p>Ticks are left out: with instant stages a rollover ends long before the first progress
 * deadline tick would be due. The clock moves 1 ms per command.
 */
final class LogGenerator {

    private final int replicas;
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long commands;
    private long decideNanos;
    private long counter;

    LogGenerator(int replicas) {
        this.replicas = replicas;
    }

    /** Rolls Deployment {@code i} from v1 to v2; hands each event envelope to {@code out}, in sequence order. */
    void rollover(int i, Consumer<EventEnvelope> out) {
        rollovers(i, 1, out);
    }

    /**
     * Applies Deployment {@code i} at v1 and rolls it {@code count} times, v1 to v2, back to v1, ...:
     * its history grows with {@code count}, its live objects do not.
     */
    void rollovers(int i, int count, Consumer<EventEnvelope> out) {
        ObjectRef target = Workload.deployment(i);
        Aggregate a = new Aggregate(target, out);
        a.send(Workload.command(id(), target, Workload.apply(i, replicas, Workload.IMAGE_V1), now));
        a.drain();
        for (int r = 0; r < count; r++) {
            String image = r % 2 == 0 ? Workload.IMAGE_V2 : Workload.IMAGE_V1;
            a.send(Workload.command(id(), target, Workload.setImage(image), now));
            a.drain();
        }
    }

    long commands() {
        return commands;
    }

    /** Time spent in the decider and the kubelet model (not in encoding or Kafka). */
    double decideSeconds() {
        return decideNanos / 1e9;
    }

    private String id() {
        return "gen-" + (counter++);
    }

    /** One Deployment's state, sequence and kubelet. */
    private final class Aggregate {
        final WorkloadState state;
        final KubeletModel kubelet = new KubeletModel(Stages.instant());
        final Deque<PlannedReport> pending = new ArrayDeque<>();
        final ObjectRef target;
        final Consumer<EventEnvelope> out;
        long sequence;

        Aggregate(ObjectRef target, Consumer<EventEnvelope> out) {
            this.target = target;
            this.state = new WorkloadState(target.aggregateId());
            this.out = out;
        }

        void send(CommandEnvelope cmd) {
            long started = System.nanoTime();
            List<EventEnvelope> emitted = new ArrayList<>();
            Instant at = now;
            try {
                DeploymentDecider.decide(state, cmd, at, event -> {
                    state.apply(event, at);
                    emitted.add(EventEnvelope.of(target.aggregateId(), sequence++, at, cmd.commandId(),
                            cmd.issuedBy(), event));
                });
            } catch (Rejection e) {
                throw new IllegalStateException("the generator's own command was rejected: " + e.getMessage(), e);
            }
            for (EventEnvelope e : emitted) {
                pending.addAll(kubelet.on(e));
            }
            decideNanos += System.nanoTime() - started;
            commands++;
            now = now.plusMillis(1);
            emitted.forEach(out);
        }

        /** Sends every report the kubelet still wants, in plan order, until it wants none. */
        void drain() {
            while (!pending.isEmpty()) {
                PlannedReport r = pending.poll();
                CommandPayload payload = r.payload();
                if (payload instanceof Tick || !kubelet.stillWanted(r)) {
                    continue;
                }
                kubelet.sent(r);
                send(r.toCommand(now));
            }
        }
    }
}
