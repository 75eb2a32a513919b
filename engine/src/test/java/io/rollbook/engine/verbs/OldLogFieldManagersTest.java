package io.rollbook.engine.verbs;

import io.rollbook.api.command.Apply;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.command.Tick;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.ReplicaSetRevisionChanged;
import io.rollbook.api.fields.FieldPath;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ManagedFieldsEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The log written before field managers were recorded (the one {@link OldLogReplayTest} reads),
 * read by this version: it replays to the same objects with no managed fields and starts nothing;
 * the first server-side apply finds every field owned by {@code before-first-apply}, as the API
 * server does for an object without managed fields.
 */
class OldLogFieldManagersTest {

    private Simulation sim;
    private Deployment replayed;

    @BeforeEach
    void replayTheOldLog() throws IOException {
        sim = new Simulation("nginx-deployment");
        for (String line : Files.readAllLines(Path.of("src/test/resources/old-logs/nginx-two-revisions.jsonl"))) {
            EventEnvelope e = Events.decode(line.getBytes(StandardCharsets.UTF_8));
            sim.state.apply(e);
            sim.now = e.time().plusSeconds(1);
        }
        replayed = sim.state.deployment();
    }

    @Test
    void theReplayedObjectsHaveNoManagedFieldsAndATickChangesNothing() {
        assertThat(replayed.metadata().managedFields()).isNull();
        sim.send(new Tick());
        assertThat(sim.log).noneMatch(e -> e instanceof DeploymentApplied || e instanceof ReplicaSetCreated
                || e instanceof ReplicaSetRevisionChanged);
        assertThat(sim.state.deployment()).isEqualTo(replayed);
    }

    @Test
    void theFirstServerSideApplyConflictsWithBeforeFirstApply() {
        assertThatThrownBy(() -> sim.as("ci", new Apply(image(FieldOwnershipTest.nginx(5, "app: nginx")),
                new Apply.ServerSide(false))))
                .hasMessage("Apply failed with 1 conflict: conflict with \"before-first-apply\" using apps/v1:"
                        + " .spec.replicas");
        assertThat(sim.state.deployment()).isEqualTo(replayed);
        // kubectl itself takes over what its client-side apply wrote (the log's kubectl apply -f)
        sim.as("kubectl", new Apply(image(FieldOwnershipTest.nginx(5, "app: nginx")), new Apply.ServerSide(false)));
        assertThat(sim.state.deployment().spec().replicas()).isEqualTo(5);
    }

    @Test
    void anApplyOfTheStoredValuesSharesThemWithBeforeFirstApply() {
        sim.as("kubectl", new Apply(image(FieldOwnershipTest.nginx(3, "app: nginx")), new Apply.ServerSide(false)));
        List<ManagedFieldsEntry> managed = sim.state.deployment().metadata().managedFields();
        assertThat(managed).extracting(ManagedFieldsEntry::manager).containsExactly("kubectl",
                FieldOwnership.BEFORE_FIRST_APPLY);
        assertThat(sim.state.deployment().spec()).isEqualTo(replayed.spec());
        assertThat(sim.log).noneMatch(e -> e instanceof ReplicaSetCreated);
    }

    @Test
    void anUpdateOwnsOnlyWhatItChanged() {
        sim.as("kubectl-set", new SetImage(Map.of("nginx", "nginx:1.21")));
        ManagedFieldsEntry e = sim.state.deployment().metadata().managedFields().get(0);
        assertThat(e.manager()).isEqualTo("kubectl-set");
        // the image, and the pod-template defaults the old log's template did not have yet and the new one has
        assertThat(e.fields()).contains(FieldPath.of("f:spec", "f:template", "f:spec", "f:containers",
                "k:{\"name\":\"nginx\"}", "f:image"), FieldPath.of("f:spec", "f:template", "f:spec", "f:dnsPolicy"))
                .doesNotContain(FieldPath.of("f:spec", "f:replicas"), FieldPath.of("f:spec", "f:selector"),
                        FieldPath.of("f:metadata", "f:labels", "f:app"));
    }

    /** The manifest at the old log's second revision. */
    private static Deployment image(Deployment d) {
        var t = d.spec().template();
        return d.withSpec(d.spec().withTemplate(t.withSpec(t.spec().withContainers(List.of(
                t.spec().containers().get(0).withImage("nginx:1.16.1"))))));
    }
}
