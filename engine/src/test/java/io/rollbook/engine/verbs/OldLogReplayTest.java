package io.rollbook.engine.verbs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.command.Tick;
import io.rollbook.api.command.Undo;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.ReplicaSetRevisionChanged;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.deployment.util.ReplicaSets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log written by Rollbook before the API server's pod-template defaults (recorded from the
 * released jar: kubectl apply of examples/nginx-deployment.yaml, then kubectl set image
 * nginx=nginx:1.16.1; its templates have no defaults and its ReplicaSets are named by the hash of
 * those templates), read by this version: nothing starts a rollout that the user did not ask for,
 * and the old ReplicaSets stay the Deployment's, so an undo reuses them.
 */
class OldLogReplayTest {

    private static final String REVISION_1 = "nginx-deployment-5f77bd959c";
    private static final String REVISION_2 = "nginx-deployment-6fc79b5548";

    private Simulation sim;

    @BeforeEach
    void replayTheOldLog() throws IOException {
        sim = new Simulation("nginx-deployment");
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/old-logs/nginx-two-revisions.jsonl"));
        for (String line : lines) {
            EventEnvelope e = Events.decode(line.getBytes(StandardCharsets.UTF_8));
            sim.state.apply(e);
            sim.now = e.time().plusSeconds(1);
        }
        assertThat(sim.state.replicaSets()).extracting(ReplicaSet::name).containsExactlyInAnyOrder(REVISION_1, REVISION_2);
        assertThat(sim.state.deployment().spec().template().spec().containers().get(0).fields())
                .as("written before the defaults").doesNotContainKey("terminationMessagePath");
    }

    @Test
    void aTickOnTheReplayedLogChangesNoReplicaSet() {
        sim.send(new Tick());
        assertThat(sim.log).noneMatch(e -> e instanceof ReplicaSetCreated || e instanceof ReplicaSetRevisionChanged);
        assertThat(sim.state.replicaSet(REVISION_2).spec().replicas()).isEqualTo(3);
    }

    @Test
    void reapplyingTheSameManifestIsUnchanged() throws IOException {
        Deployment manifest = Simulation.example("nginx-deployment.yaml");
        Deployment v2 = manifest.withSpec(manifest.spec().withTemplate(image(manifest.spec().template(), "nginx:1.16.1")));
        long generation = sim.state.deployment().metadata().generation();
        sim.apply(v2);
        assertThat(sim.log).noneMatch(e -> e instanceof ReplicaSetCreated);
        assertThat(sim.state.deployment().metadata().generation()).as("the spec did not change").isEqualTo(generation);
        assertThat(sim.state.deployment().spec().template()).isEqualTo(ReplicaSets.withoutHash(
                sim.state.replicaSet(REVISION_2).spec().template()));
    }

    @Test
    void kubectlRolloutUndoReusesTheOldReplicaSet() {
        // What kubectl's undo writes: the old ReplicaSet's template as Go serialises it, and its annotations.
        ObjectNode sent = (ObjectNode) Codec.toTree(ReplicaSets.withoutHash(sim.state.replicaSet(REVISION_1).spec()
                .template()));
        sent.with("metadata").putNull("creationTimestamp");
        sent.with("spec").withArray("containers").forEach(c -> ((ObjectNode) c).putObject("resources"));
        Deployment d = sim.state.deployment();
        Deployment undone = d.withSpec(d.spec().withTemplate(Codec.json().convertValue(sent, PodTemplateSpec.class)));
        Decision decision = sim.apply(undone);
        assertThat(decision.status()).isEqualTo(Outcome.Status.Accepted);
        sim.settle();
        assertThat(sim.log).noneMatch(e -> e instanceof ReplicaSetCreated);
        assertThat(sim.log).contains(new ReplicaSetRevisionChanged(REVISION_1, 1, 3));
        assertThat(sim.state.replicaSet(REVISION_1).spec().replicas()).isEqualTo(3);
        assertThat(sim.state.deployment().metadata().annotation(WellKnown.REVISION_ANNOTATION)).isEqualTo("3");
        assertThat(sim.state.deployment().spec().template()).as("stored as rollbook rollout undo stores it")
                .isEqualTo(ReplicaSets.withoutHash(sim.state.replicaSet(REVISION_1).spec().template()));
    }

    @Test
    void rollbookRolloutUndoReusesTheOldReplicaSet() {
        sim.send(new Undo(0));
        sim.settle();
        assertThat(sim.log).noneMatch(e -> e instanceof ReplicaSetCreated);
        assertThat(sim.state.replicaSet(REVISION_1).spec().replicas()).isEqualTo(3);
    }

    @Test
    void aNewImageMakesOneDefaultedReplicaSetAndKeepsTheOldOnesOwned() {
        sim.send(new SetImage(Map.of("nginx", "nginx:1.21")));
        sim.settle();
        List<ReplicaSetCreated> created = sim.log.stream().filter(e -> e instanceof ReplicaSetCreated)
                .map(e -> (ReplicaSetCreated) e).toList();
        assertThat(created).hasSize(1);
        assertThat(created.get(0).replicaSet().spec().template().spec().containers().get(0).fields())
                .containsEntry("terminationMessagePath", "/dev/termination-log").containsEntry("imagePullPolicy",
                        "IfNotPresent");
        assertThat(sim.state.replicaSets()).extracting(ReplicaSet::name).contains(REVISION_1, REVISION_2);
        assertThat(sim.state.replicaSet(REVISION_2).spec().replicas()).isZero();
        sim.send(new Undo(0));
        sim.settle();
        List<RollbookEvent> all = sim.log;
        assertThat(all.stream().filter(e -> e instanceof ReplicaSetCreated)).as("the undo reuses revision 2").hasSize(1);
        assertThat(sim.state.replicaSet(REVISION_2).spec().replicas()).isEqualTo(3);
    }

    private static PodTemplateSpec image(PodTemplateSpec t, String image) {
        return t.withSpec(t.spec().withContainers(List.of(t.spec().containers().get(0).withImage(image))));
    }
}
