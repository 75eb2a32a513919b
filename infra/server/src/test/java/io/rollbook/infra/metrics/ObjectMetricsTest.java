package io.rollbook.infra.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rollbook.api.event.DeploymentAnnotated;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.DeploymentStatusChanged;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.ReplicaSetStatusChanged;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentSpec;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.LabelSelector;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.OwnerReference;
import io.rollbook.api.manifest.PodSpec;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetSpec;
import io.rollbook.api.manifest.ReplicaSetStatus;
import io.rollbook.projections.ProjectionStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** kube-state-metrics' series, computed from the projections at each refresh. */
class ObjectMetricsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ObjectMetrics metrics = new ObjectMetrics(registry);
    private final ProjectionStore store = new ProjectionStore();
    private long sequence;

    @Test
    void mirrorsTheDeploymentAndItsReplicaSet() {
        rollOutWeb();
        metrics.refresh(store);

        assertThat(deployment("rollbook.deployment.spec.replicas")).isEqualTo(3);
        assertThat(deployment("rollbook.deployment.spec.paused")).isZero();
        assertThat(deployment("rollbook.deployment.metadata.generation")).isEqualTo(2);
        assertThat(deployment("rollbook.deployment.status.observed.generation")).isEqualTo(2);
        assertThat(deployment("rollbook.deployment.status.replicas")).isEqualTo(3);
        assertThat(deployment("rollbook.deployment.status.replicas.updated")).isEqualTo(2);
        assertThat(deployment("rollbook.deployment.status.replicas.ready")).isEqualTo(3);
        assertThat(deployment("rollbook.deployment.status.replicas.available")).isEqualTo(3);
        assertThat(deployment("rollbook.deployment.status.replicas.unavailable")).isZero();
        assertThat(deployment("rollbook.deployment.revision")).isEqualTo(1);
        assertThat(registry.get("rollbook.replicaset.spec.replicas").tag("replicaset", "web-1").gauge().value())
                .isEqualTo(3);
        assertThat(registry.get("rollbook.replicaset.status.ready.replicas").tag("replicaset", "web-1").gauge()
                .value()).isEqualTo(2);
        assertThat(registry.get("rollbook.replicaset.owner").tag("replicaset", "web-1").tag("owner_name", "web")
                .gauge().value()).isEqualTo(1);
    }

    @Test
    void aCanaryHasItsWeightAskedAndReachedAndAPlainDeploymentNone() {
        rollOutWeb();
        metrics.refresh(store);
        assertThat(registry.find("rollbook.deployment.canary.weight").gauges()).isEmpty();

        feed(new DeploymentAnnotated(Map.of("rollbook.io/canary-weight", "20", "rollbook.io/canary-reached", "11")));
        metrics.refresh(store);
        assertThat(registry.get("rollbook.deployment.canary.weight").tag("deployment", "web").tag("weight", "asked")
                .gauge().value()).isEqualTo(20);
        assertThat(registry.get("rollbook.deployment.canary.weight").tag("deployment", "web").tag("weight", "reached")
                .gauge().value()).isEqualTo(11);
    }

    @Test
    void aConditionHasOneSeriesPerStatusWithItsReason() {
        rollOutWeb();
        metrics.refresh(store);

        for (String status : List.of("true", "false", "unknown")) {
            Gauge g = registry.get("rollbook.deployment.status.condition").tag("deployment", "web")
                    .tag("condition", "Progressing").tag("status", status).tag("reason", "ReplicaSetUpdated").gauge();
            assertThat(g.value()).as(status).isEqualTo(status.equals("true") ? 1 : 0);
        }
        assertThat(registry.get("rollbook.deployment.status.condition").tag("condition", "Available")
                .tag("status", "false").gauge().value()).isEqualTo(1);
    }

    @Test
    void aDeletedDeploymentsSeriesDisappear() {
        rollOutWeb();
        metrics.refresh(store);
        feed(new DeploymentDeleted("web"));
        metrics.refresh(store);

        assertThat(registry.find("rollbook.deployment.spec.replicas").gauges()).isEmpty();
        assertThat(registry.find("rollbook.deployment.status.condition").gauges()).isEmpty();
        assertThat(registry.find("rollbook.replicaset.spec.replicas").gauges()).isEmpty();
    }

    private void rollOutWeb() {
        Map<String, String> labels = Map.of("app", "web");
        PodTemplateSpec template = new PodTemplateSpec(new ObjectMeta(null, null, null, null, null, null, null, null,
                labels, null, null, null), PodSpec.of(new Container("web", "nginx:1.25", null)));
        Deployment d = Deployment.of(ObjectMeta.named("default", "web").withGeneration(2L),
                new DeploymentSpec(3, LabelSelector.matching(labels), template, null, null, null, null, null));
        feed(new DeploymentApplied(d, "created"));
        feed(new DeploymentAnnotated(Map.of("deployment.kubernetes.io/revision", "1")));
        ReplicaSet rs = ReplicaSet.of(ObjectMeta.named("default", "web-1")
                        .withAnnotations(Map.of("deployment.kubernetes.io/revision", "1"))
                        .withOwnerReferences(List.of(new OwnerReference("apps/v1", "Deployment", "web", "u1", true,
                                true))),
                new ReplicaSetSpec(3, null, LabelSelector.matching(labels), template));
        feed(new ReplicaSetCreated(rs, 1));
        feed(new ReplicaSetStatusChanged("web-1", new ReplicaSetStatus(3, 3, 2, 2, null, 1, null)));
        feed(new DeploymentStatusChanged(new DeploymentStatus(2, 3, 2, 3, 3, 0, null, List.of(
                new DeploymentCondition("Available", "False", T0, T0, "MinimumReplicasUnavailable", "m"),
                new DeploymentCondition("Progressing", "True", T0, T0, "ReplicaSetUpdated", "p")), null)));
    }

    private void feed(RollbookEvent data) {
        store.apply(EventEnvelope.of("default/web", sequence, T0.plusSeconds(sequence), "c", "test", data), 0,
                sequence++);
    }

    private double deployment(String name) {
        return registry.get(name).tag("namespace", "default").tag("deployment", "web").gauge().value();
    }
}
