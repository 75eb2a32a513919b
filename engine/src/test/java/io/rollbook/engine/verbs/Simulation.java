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
        Recorder recorder = new Recorder(state, now);
        CommandEnvelope cmd = CommandEnvelope.of("c-" + (++commands), target, now, "tester", cause, payload);
        Decision d = DeploymentDecider.decide(state, cmd, now, recorder);
        log.addAll(recorder.events());
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

    /** Runs the kubelet until nothing is left to do (bounded). */
    void settle() {
        for (int i = 0; i < 1000 && kubeletStep(true); i++) {
            // keep going
        }
    }
}
