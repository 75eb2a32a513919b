package io.rollbook.engine.verbs;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.ReportPod;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.controllers.Recorder;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.WorkloadState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** One Deployment driven by commands, with a test kubelet that reports pods when asked to. */
final class Simulation {
    final WorkloadState state;
    final List<RollbookEvent> log = new ArrayList<>();
    /** When each event of {@link #log} happened (the time the state folded it with). */
    final List<Instant> times = new ArrayList<>();
    /** The rollout transitions every decision carried, in order (what rollbook.rollouts would hold). */
    final List<io.rollbook.api.rollout.RolloutRecord> rollouts = new ArrayList<>();
    final ObjectRef target;
    Instant now = Instant.parse("2026-11-26T10:00:00Z");
    private int commands;
    Consumer<WorkloadState> afterEachCommand = s -> { };

    Simulation(String name) {
        this.target = ObjectRef.deployment("default", name);
        this.state = new WorkloadState(target.aggregateId());
    }

    static Deployment example(String file) throws IOException {
        return (Deployment) Manifests.parse(Files.readString(Path.of("..", "examples", file))).get(0);
    }

    Decision send(CommandPayload payload) {
        return send(payload, null);
    }

    Decision send(CommandPayload payload, String cause) {
        return send(payload, cause, null);
    }

    /** {@code payload} written by field manager {@code fieldManager}. */
    Decision as(String fieldManager, CommandPayload payload) {
        return send(payload, null, fieldManager);
    }

    private Decision send(CommandPayload payload, String cause, String fieldManager) {
        Recorder recorder = new Recorder(state, now);
        CommandEnvelope cmd = new CommandEnvelope("c-" + (++commands), target, now, "tester", cause, payload,
                fieldManager);
        Decision d = DeploymentDecider.decide(state, cmd, now, recorder);
        log.addAll(recorder.events());
        recorder.events().forEach(e -> times.add(now));
        rollouts.addAll(d.rollouts());
        afterEachCommand.accept(state);
        return d;
    }

    Decision apply(Deployment d) {
        return send(new Apply(d));
    }

    /** The kubelet starts and readies one pending pod, or removes one terminating pod; false when idle. */
    boolean kubeletStep(boolean ready) {
        now = now.plusSeconds(1);
        for (PodState p : state.pods()) {
            if (p.terminating()) {
                send(new ReportPod(p.name(), "Terminated", p.node(), null));
                return true;
            }
        }
        for (PodState p : state.pods()) {
            if (!p.ready() && p.active() && ready) {
                send(new ReportPod(p.name(), "Ready", "node-1", null));
                return true;
            }
            if ("Pending".equals(p.phase()) && !ready) {
                send(new ReportPod(p.name(), "Running", "node-1", null));
                return true;
            }
        }
        return false;
    }

    /**
     * A kubelet that starts every pending pod and readies every running one at once, except those
     * {@code neverReady} names, and removes terminating pods: one report per step, each 100 ms later.
     */
    void kubeletUnless(java.util.function.Predicate<PodState> neverReady) {
        for (int i = 0; i < 400; i++) {
            PodState next = state.pods().stream().filter(p -> p.terminating() || (p.active()
                    && ("Pending".equals(p.phase()) || (!p.ready() && !neverReady.test(p))))).findFirst().orElse(null);
            if (next == null) {
                return;
            }
            now = now.plusMillis(100);
            String phase = next.terminating() ? ReportPod.TERMINATED : "Pending".equals(next.phase()) ? "Running" : "Ready";
            send(new ReportPod(next.name(), phase, "node-1", null));
        }
        throw new IllegalStateException("the kubelet did not settle");
    }

    /** {@code 1 complete, 2 failed}: each revision's outcome, in order. */
    String outcomes() {
        java.util.StringJoiner out = new java.util.StringJoiner(", ");
        new java.util.TreeMap<>(state.revisionOutcomes()).values()
                .forEach(o -> out.add(o.revision() + " " + o.outcome()));
        return out.toString();
    }

    /** Runs the kubelet until nothing is left to do (bounded). */
    void settle() {
        for (int i = 0; i < 1000 && kubeletStep(true); i++) {
            // keep going
        }
    }
}
