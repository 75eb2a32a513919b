package io.rollbook.infra.bench;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.ReportPod;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.verbs.DeploymentDecider;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark state built the way the engine builds it: commands through {@link DeploymentDecider},
 * each event applied to the state at once and kept as the envelope the engine would write. Shared
 * by the bench's planner phase and the JMH benchmarks ({@code src/jmh/java}), so both measure the
 * same Deployment.
 */
public final class Rollouts {

    public static final ObjectRef TARGET = ObjectRef.deployment("default", "web");

    private final WorkloadState state = new WorkloadState(TARGET.aggregateId());
    private final List<EventEnvelope> log = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long sequence;
    private int commands;

    /**
     * A Deployment of {@code replicas} (RollingUpdate 25%/25%) mid-way through two rollouts: v1 all
     * ready, then v2 with {@code readyPerStep} new pods ready, then v3. Three ReplicaSets.
     */
    public static Rollouts threeReplicaSets(int replicas, int readyPerStep) {
        Rollouts r = new Rollouts();
        r.send(new Apply(Manifests.parse(manifest(replicas)).get(0)));
        r.readyAll(Integer.MAX_VALUE);
        r.send(new SetImage(Map.of("web", "registry.example/web:v2")));
        r.readyAll(readyPerStep);
        r.send(new SetImage(Map.of("web", "registry.example/web:v3")));
        if (r.state.replicaSets().size() != 3) {
            throw new IllegalStateException("expected 3 ReplicaSets, got " + r.state.replicaSets().size());
        }
        return r;
    }

    /** A whole rollover v1 to v2 with every pod reported Running, Ready and Terminated in turn. */
    public static Rollouts fullRollover(int replicas) {
        Rollouts r = new Rollouts();
        r.send(new Apply(Manifests.parse(manifest(replicas)).get(0)));
        r.readyAll(Integer.MAX_VALUE);
        r.send(new SetImage(Map.of("web", "registry.example/web:v2")));
        for (int i = 0; i < 10 * replicas && r.readyAll(Integer.MAX_VALUE) > 0; i++) {
            // each pass readies what the last scale-up created and removes what it terminated
        }
        return r;
    }

    /** The Deployment's state after every command so far. */
    public WorkloadState state() {
        return state;
    }

    /** Every event so far, as the engine would have written it. */
    public List<EventEnvelope> log() {
        return log;
    }

    /** The time of the last command. */
    public Instant now() {
        return now;
    }

    /** Reports pending pods Ready (at most {@code limit}) and terminating ones gone; returns how many reports. */
    private int readyAll(int limit) {
        int sent = 0;
        for (PodState p : state.pods()) {
            if (p.terminating()) {
                send(new ReportPod(p.name(), ReportPod.TERMINATED, p.node(), null));
                sent++;
            } else if (!p.ready() && p.active() && sent < limit) {
                send(new ReportPod(p.name(), WellKnown.POD_READY, "node-1", null));
                sent++;
            }
        }
        return sent;
    }

    private void send(CommandPayload payload) {
        now = now.plusSeconds(1);
        Instant at = now;
        CommandEnvelope cmd = CommandEnvelope.of("c-" + (++commands), TARGET, at, "bench", null, payload);
        DeploymentDecider.decide(state, cmd, at, event -> {
            state.apply(event, at);
            log.add(EventEnvelope.of(TARGET.aggregateId(), sequence++, at, cmd.commandId(), "bench", event));
        });
    }

    private static String manifest(int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels: {app: web}
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: registry.example/web:v1
                        ports:
                        - containerPort: 8080
                """.formatted(replicas);
    }
}
