package io.rollbook.engine.aggregate;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Delete;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.event.ObjectDeleted;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.verbs.Decision;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rollbook.engine.aggregate.Rejections.rejection;
import static org.assertj.core.api.Assertions.assertThat;

/** given/when/then for the stored network objects: kubectl's created, unchanged, configured and deleted. */
class ConfigObjectAggregateTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final ObjectRef DENY = ObjectRef.networkPolicy("shop", "default-deny-ingress");
    private static final ObjectRef SHOP = ObjectRef.namespace("shop");
    private static final ObjectRef BR_NET = ObjectRef.networkAttachmentDefinition("shop", "br-net");

    private FixtureConfiguration<ConfigObjectAggregate> fixture;
    private final AtomicInteger ids = new AtomicInteger();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ConfigObjectAggregate.class);
    }

    private ConfigObjectCommand command(ObjectRef target, CommandPayload payload) {
        return new ConfigObjectCommand(CommandEnvelope.of("c-" + ids.incrementAndGet(), target,
                T0.plusSeconds(ids.get()), "alice", null, payload));
    }

    private static KubeObject example(String file) throws IOException {
        return Manifests.parse(Files.readString(Path.of("..", "examples", "network", file))).get(0);
    }

    private static Decision accepted(String message) {
        return new Decision(Outcome.Status.Accepted, message, null);
    }

    @Test
    void applyCreatesAPolicyWithTheApiServersDefaults() throws IOException {
        fixture.givenNoPriorActivity()
                .when(command(DENY, new Apply(example("default-deny.yaml"))))
                .expectResultMessagePayload(accepted("networkpolicy.networking.k8s.io/default-deny-ingress created"))
                .expectState(a -> {
                    NetworkPolicy p = (NetworkPolicy) a.state().object();
                    assertThat(p.metadata().generation()).isEqualTo(1L);
                    assertThat(p.metadata().creationTimestamp()).isEqualTo(T0.plusSeconds(1));
                    assertThat(p.metadata().uid()).isNotNull();
                    assertThat(p.spec().policyTypes()).containsExactly("Ingress");
                });
    }

    @Test
    void aServerSideApplyOfAPolicyIsRefused() throws IOException {
        fixture.givenNoPriorActivity()
                .when(command(DENY, new Apply(example("default-deny.yaml"), new Apply.ServerSide(false))))
                .expectNoEvents()
                .expectExceptionMessage("server-side apply is served for Deployments and ReplicaSets, not for a"
                        + " NetworkPolicy");
    }

    @Test
    void applyingTheSameObjectAgainChangesNothing() throws IOException {
        fixture.givenCommands(command(DENY, new Apply(example("default-deny.yaml"))))
                .when(command(DENY, new Apply(example("default-deny.yaml"))))
                .expectResultMessagePayload(new Decision(Outcome.Status.Unchanged,
                        "networkpolicy.networking.k8s.io/default-deny-ingress unchanged", null))
                .expectNoEvents();
    }

    @Test
    void aChangedSpecIsConfiguredAndBumpsTheGeneration() throws IOException {
        NetworkPolicy p = (NetworkPolicy) example("default-deny.yaml");
        NetworkPolicy both = p.withSpec(p.spec().withPolicyTypes(List.of("Ingress", "Egress")));
        fixture.givenCommands(command(DENY, new Apply(p)))
                .when(command(DENY, new Apply(both)))
                .expectResultMessagePayload(accepted("networkpolicy.networking.k8s.io/default-deny-ingress configured"))
                .expectState(a -> {
                    NetworkPolicy stored = (NetworkPolicy) a.state().object();
                    assertThat(stored.metadata().generation()).isEqualTo(2L);
                    assertThat(stored.metadata().creationTimestamp()).isEqualTo(T0.plusSeconds(1)); // kept
                });
    }

    @Test
    void aNamespaceIsCreatedWithoutAGeneration() throws IOException {
        fixture.givenNoPriorActivity()
                .when(command(SHOP, new Apply(example("namespace.yaml"))))
                .expectResultMessagePayload(accepted("namespace/shop created"))
                .expectState(a -> assertThat(a.state().object().metadata().generation()).isNull());
    }

    @Test
    void anAttachmentDefinitionUsesItsGroup() throws IOException {
        fixture.givenNoPriorActivity()
                .when(command(BR_NET, new Apply(example("bridge-nad.yaml"))))
                .expectResultMessagePayload(accepted("networkattachmentdefinition.k8s.cni.cncf.io/br-net created"));
    }

    @Test
    void deleteRemovesIt() throws IOException {
        fixture.givenCommands(command(DENY, new Apply(example("default-deny.yaml"))))
                .when(command(DENY, new Delete()))
                .expectResultMessagePayload(accepted("networkpolicy.networking.k8s.io \"default-deny-ingress\" deleted"))
                .expectEvents(new ObjectDeleted("NetworkPolicy", "default-deny-ingress"))
                .expectState(a -> assertThat(a.state().object()).isNull());
    }

    @Test
    void deletingAnUnknownObjectIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(command(SHOP, new Delete()))
                .expectException(rejection(Outcome.Reason.NotFound))
                .expectExceptionMessage("namespaces \"shop\" not found");
    }

    @Test
    void theDefaultNamespaceCannotBeDeleted() {
        ObjectRef def = ObjectRef.namespace("default");
        fixture.givenNoPriorActivity() // it exists whether applied or not
                .when(command(def, new Delete()))
                .expectException(rejection(Outcome.Reason.Forbidden))
                .expectExceptionMessage("namespaces \"default\" is forbidden: this namespace may not be deleted");
    }

    @Test
    void anInvalidPolicyIsRefusedWithTheApiServersMessage() {
        NetworkPolicy bad = (NetworkPolicy) Manifests.parse("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: default-deny-ingress, namespace: shop}
                spec:
                  podSelector: {}
                  ingress:
                  - from: [{ipBlock: {cidr: 172.17.0.0/16, except: [10.0.0.0/8]}}]
                """).get(0);
        fixture.givenNoPriorActivity()
                .when(command(DENY, new Apply(bad)))
                .expectException(rejection(Outcome.Reason.Invalid))
                .expectExceptionMessage("The NetworkPolicy \"default-deny-ingress\" is invalid: "
                        + "spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: \"10.0.0.0/8\": "
                        + "must be a strict subset of `cidr`")
                .expectNoEvents();
    }

    @Test
    void scaleDoesNotApply() throws IOException {
        fixture.givenCommands(command(DENY, new Apply(example("default-deny.yaml"))))
                .when(command(DENY, new Scale(2)))
                .expectException(rejection(Outcome.Reason.BadRequest))
                .expectExceptionMessage("Scale does not apply to a NetworkPolicy");
    }
}
