package io.rollbook.engine.verbs;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.fields.FieldPath;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ManagedFieldsEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Field managers as the API server keeps them: who changed what (Update), server-side apply's merge,
 * conflicts and {@code --force-conflicts}, and the removal of fields a manager stops applying.
 */
class FieldOwnershipTest {

    private static final FieldPath REPLICAS = FieldPath.of("f:spec", "f:replicas");
    private static final Apply.ServerSide NO_FORCE = new Apply.ServerSide(false);
    private static final Apply.ServerSide FORCE = new Apply.ServerSide(true);

    private Simulation sim;

    @BeforeEach
    void setUp() {
        sim = new Simulation("nginx-deployment");
    }

    @Test
    void aClientSideApplyOwnsEveryFieldItWroteDefaultsIncluded() {
        sim.as("kubectl-client-side-apply", new Apply(nginx(3, "app: nginx")));
        ManagedFieldsEntry e = only(managed());
        assertThat(e.manager()).isEqualTo("kubectl-client-side-apply");
        assertThat(e.operation()).isEqualTo("Update");
        assertThat(e.apiVersion()).isEqualTo("apps/v1");
        assertThat(e.time()).isEqualTo(sim.now);
        assertThat(e.fieldsType()).isEqualTo("FieldsV1");
        assertThat(e.fields()).contains(REPLICAS, FieldPath.of("f:spec", "f:progressDeadlineSeconds"));
    }

    @Test
    void anotherManagersChangeOfAnOwnedFieldIsAConflictAndChangesNothing() {
        sim.as("kubectl-client-side-apply", new Apply(nginx(3, "app: nginx")));
        Deployment before = sim.state.deployment();
        sim.log.clear();
        assertThatThrownBy(() -> sim.as("ci", new Apply(nginx(5, "app: nginx"), NO_FORCE)))
                .isInstanceOf(ApplyConflict.class)
                .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1:"
                        + " .spec.replicas")
                .extracting(e -> ((Rejection) e).reason()).isEqualTo(Outcome.Reason.Conflict);
        assertThat(sim.log).isEmpty();
        assertThat(sim.state.deployment()).isEqualTo(before);
    }

    @Test
    void kubectlsServerSideApplyTakesOverWhatItsClientSideApplyWrote() {
        Deployment v1 = nginx(3, "app: nginx");
        Deployment csa = v1.withMetadata(v1.metadata().withAnnotations(Map.of(
                io.rollbook.api.manifest.WellKnown.LAST_APPLIED_ANNOTATION, io.rollbook.api.codec.Codec.toJson(v1))));
        sim.as("kubectl-client-side-apply", new Apply(csa));
        sim.as("kubectl", new Apply(nginx(4, "app: nginx"), NO_FORCE));
        assertThat(sim.state.deployment().spec().replicas()).as("lastAppliedManager: no conflict").isEqualTo(4);
        sim.as("kubectl-scale", new Scale(6));
        assertThatThrownBy(() -> sim.as("kubectl", new Apply(nginx(2, "app: nginx"), NO_FORCE)))
                .as("a value the client-side apply did not write").isInstanceOf(ApplyConflict.class);
        assertThatThrownBy(() -> sim.as("ci", new Apply(nginx(2, "app: nginx"), NO_FORCE)))
                .as("another manager than kubectl").isInstanceOf(ApplyConflict.class);
    }

    @Test
    void forceConflictsTakesTheFieldOver() {
        sim.as("kubectl-client-side-apply", new Apply(nginx(3, "app: nginx")));
        sim.now = sim.now.plusSeconds(10);
        sim.as("ci", new Apply(nginx(5, "app: nginx"), FORCE));
        assertThat(sim.state.deployment().spec().replicas()).isEqualTo(5);
        List<ManagedFieldsEntry> managed = managed();
        assertThat(managed).extracting(ManagedFieldsEntry::manager, ManagedFieldsEntry::operation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ci", "Apply"),
                        org.assertj.core.groups.Tuple.tuple("kubectl-client-side-apply", "Update"));
        assertThat(managed.get(0).fields()).contains(REPLICAS);
        assertThat(managed.get(1).fields()).doesNotContain(REPLICAS)
                .contains(FieldPath.of("f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"nginx\"}",
                        "f:image")); // same value applied: shared, not taken
    }

    @Test
    void applyingTheValuesThatAreThereMakesACoOwnerWithoutAConflict() {
        sim.as("kubectl", new Apply(nginx(3, "app: nginx"), NO_FORCE));
        Decision d = sim.as("ci", new Apply(nginx(3, "app: nginx"), NO_FORCE));
        assertThat(d.status()).isEqualTo(Outcome.Status.Accepted);
        assertThat(managed()).extracting(ManagedFieldsEntry::manager).containsExactly("ci", "kubectl");
        assertThat(managed().get(0).fields()).isEqualTo(managed().get(1).fields());
        assertThat(sim.as("ci", new Apply(nginx(3, "app: nginx"), NO_FORCE)).status())
                .as("the same apply again").isEqualTo(Outcome.Status.Unchanged);
    }

    @Test
    void twoAppliersWithDifferentValuesConflict() {
        sim.as("kubectl", new Apply(nginx(3, "app: nginx"), NO_FORCE));
        assertThatThrownBy(() -> sim.as("ci", new Apply(nginx(4, "app: nginx"), NO_FORCE)))
                .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas");
    }

    @Test
    void severalConflictsAreListedByManager() {
        sim.as("kubectl", new Apply(nginx(3, "app: nginx"), NO_FORCE));
        sim.as("ops", new Apply(minReady(5), NO_FORCE));
        Deployment nginx = nginx(4, "app: nginx");
        Deployment both = nginx.withSpec(nginx.spec().withMinReadySeconds(7));
        assertThatThrownBy(() -> sim.as("ci", new Apply(both, NO_FORCE)))
                .hasMessage("Apply failed with 2 conflicts: conflicts with \"kubectl\":\n- .spec.replicas\n"
                        + "conflicts with \"ops\":\n- .spec.minReadySeconds");
    }

    @Test
    void aFieldTheManagerStopsApplyingIsRemoved() {
        sim.as("kubectl", new Apply(nginx(3, "app: nginx\n    tier: web"), NO_FORCE));
        assertThat(sim.state.deployment().metadata().labels()).containsKey("tier");
        sim.as("kubectl", new Apply(nginx(3, "app: nginx"), NO_FORCE));
        assertThat(sim.state.deployment().metadata().labels()).containsOnlyKeys("app");
        assertThat(only(managed()).fields()).doesNotContain(FieldPath.of("f:metadata", "f:labels", "f:tier"));
    }

    @Test
    void aFieldAnotherManagerAlsoAppliesStaysWhenOneStopsApplyingIt() {
        sim.as("kubectl", new Apply(nginx(3, "app: nginx\n    tier: web"), NO_FORCE));
        sim.as("ci", new Apply(labelsOnly("app: nginx\n    tier: web"), NO_FORCE));
        sim.as("kubectl", new Apply(nginx(3, "app: nginx"), NO_FORCE));
        assertThat(sim.state.deployment().metadata().labels()).containsEntry("tier", "web");
    }

    @Test
    void scaleTakesReplicasAsAnUpdateOfTheScaleSubresource() {
        sim.as("kubectl", new Apply(nginx(3, "app: nginx"), NO_FORCE));
        sim.as("kubectl-scale", new Scale(6));
        ManagedFieldsEntry scale = managed().stream().filter(e -> e.manager().equals("kubectl-scale")).findFirst()
                .orElseThrow();
        assertThat(scale.operation()).isEqualTo("Update");
        assertThat(scale.subresource()).isEqualTo("scale");
        assertThat(scale.fields()).containsExactly(REPLICAS);
        assertThatThrownBy(() -> sim.as("kubectl", new Apply(nginx(3, "app: nginx"), NO_FORCE)))
                .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl-scale\" with subresource"
                        + " \"scale\" using apps/v1: .spec.replicas");
    }

    @Test
    void aCommandWithoutAManagerIsRecordedAsRollbooks() {
        sim.apply(nginx(3, "app: nginx"));
        sim.send(new SetImage(Map.of("nginx", "nginx:1.16.1")));
        assertThat(only(managed()).manager()).isEqualTo("rollbook");
    }

    private List<ManagedFieldsEntry> managed() {
        return sim.state.deployment().metadata().managedFields();
    }

    private static ManagedFieldsEntry only(List<ManagedFieldsEntry> entries) {
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    private static Deployment minReady(int seconds) {
        return parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: nginx-deployment
                spec:
                  minReadySeconds: %d
                """.formatted(seconds));
    }

    private static Deployment labelsOnly(String labels) {
        return parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: nginx-deployment
                  labels:
                    %s
                """.formatted(labels));
    }

    static Deployment nginx(int replicas, String labels) {
        return parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: nginx-deployment
                  labels:
                    %s
                spec:
                  replicas: %d
                  selector:
                    matchLabels:
                      app: nginx
                  template:
                    metadata:
                      labels:
                        app: nginx
                    spec:
                      containers:
                      - name: nginx
                        image: nginx:1.14.2
                        ports:
                        - containerPort: 80
                """.formatted(labels, replicas));
    }

    private static Deployment parse(String yaml) {
        return (Deployment) Manifests.parse(yaml).get(0);
    }
}
