package io.rollbook.infra.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.OwnerReference;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.projections.ProjectionStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Object metrics in the shape of kube-state-metrics, with a {@code rollbook_} prefix: one series per
 * Deployment and ReplicaSet of the projections, computed again before every scrape, so a deleted
 * object's series disappear with it.
 *
 * <p>Labels are kube-state-metrics': {@code namespace} and {@code deployment} or {@code replicaset};
 * {@code rollbook_deployment_status_condition} has one series per condition and status
 * ({@code true}, {@code false}, {@code unknown}), 1 for the condition's current status, with its reason.
 * Rollbook's own {@code rollbook_deployment_canary_weight{weight="asked"|"reached"}} follows a canary.
 */
final class ObjectMetrics {

    private static final List<String> CONDITION_STATUSES = List.of("true", "false", "unknown");

    private final Map<String, ToDoubleFunction<Deployment>> deploymentValues = new LinkedHashMap<>();
    private final Map<String, ToDoubleFunction<ReplicaSet>> replicaSetValues = new LinkedHashMap<>();
    private final Map<String, MultiGauge> gauges = new LinkedHashMap<>();
    private final MultiGauge conditions;
    private final MultiGauge owners;
    private final MultiGauge canary;

    ObjectMetrics(MeterRegistry registry) {
        deploymentValues.put("rollbook.deployment.spec.replicas", d -> d.spec().replicasOrDefault());
        deploymentValues.put("rollbook.deployment.spec.paused", d -> d.spec().isPaused() ? 1 : 0);
        deploymentValues.put("rollbook.deployment.metadata.generation", d -> d.metadata().generationOrZero());
        deploymentValues.put("rollbook.deployment.status.observed.generation",
                d -> d.statusOrEmpty().observedGeneration());
        deploymentValues.put("rollbook.deployment.status.replicas", d -> d.statusOrEmpty().replicas());
        deploymentValues.put("rollbook.deployment.status.replicas.ready", d -> d.statusOrEmpty().readyReplicas());
        deploymentValues.put("rollbook.deployment.status.replicas.available",
                d -> d.statusOrEmpty().availableReplicas());
        deploymentValues.put("rollbook.deployment.status.replicas.unavailable",
                d -> d.statusOrEmpty().unavailableReplicas());
        deploymentValues.put("rollbook.deployment.status.replicas.updated", d -> d.statusOrEmpty().updatedReplicas());
        deploymentValues.put("rollbook.deployment.revision", ObjectMetrics::revision);
        replicaSetValues.put("rollbook.replicaset.spec.replicas", ReplicaSet::specReplicas);
        replicaSetValues.put("rollbook.replicaset.status.replicas", rs -> rs.statusOrEmpty().replicas());
        replicaSetValues.put("rollbook.replicaset.status.ready.replicas", rs -> rs.statusOrEmpty().readyReplicas());
        replicaSetValues.put("rollbook.replicaset.status.available.replicas",
                rs -> rs.statusOrEmpty().availableReplicas());
        for (String name : deploymentValues.keySet()) {
            gauges.put(name, MultiGauge.builder(name).register(registry));
        }
        for (String name : replicaSetValues.keySet()) {
            gauges.put(name, MultiGauge.builder(name).register(registry));
        }
        conditions = MultiGauge.builder("rollbook.deployment.status.condition")
                .description("1 for the status each Deployment condition has now").register(registry);
        canary = MultiGauge.builder("rollbook.deployment.canary.weight")
                .description("A canary's weight in percent: asked (the step's setWeight in force) and reached (the"
                        + " share of ready pods on the new ReplicaSet); only Deployments that had a canary")
                .register(registry);
        owners = MultiGauge.builder("rollbook.replicaset.owner")
                .description("1 for the Deployment that controls a ReplicaSet (owner_kind <none> for a bare one)")
                .register(registry);
    }

    /** Replaces every series with the projections' current objects. */
    void refresh(ProjectionStore store) {
        List<Deployment> deployments = store.deployments(null);
        List<ReplicaSet> replicaSets = store.replicaSets(null);
        deploymentValues.forEach((name, value) -> gauges.get(name).register(deployments.stream()
                .map(d -> MultiGauge.Row.of(deploymentTags(d), value.applyAsDouble(d))).toList(), true));
        replicaSetValues.forEach((name, value) -> gauges.get(name).register(replicaSets.stream()
                .map(rs -> MultiGauge.Row.of(replicaSetTags(rs), value.applyAsDouble(rs))).toList(), true));
        conditions.register(conditionRows(deployments), true);
        canary.register(canaryRows(deployments), true);
        owners.register(replicaSets.stream().map(rs -> {
            OwnerReference owner = rs.metadata().controllerRef();
            return MultiGauge.Row.of(replicaSetTags(rs).and("owner_kind", owner == null ? "<none>" : owner.kind(),
                    "owner_name", owner == null ? "<none>" : owner.name()), 1);
        }).toList(), true);
    }

    private static List<MultiGauge.Row<?>> conditionRows(List<Deployment> deployments) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Deployment d : deployments) {
            DeploymentStatus status = d.statusOrEmpty();
            for (DeploymentCondition c : status.conditions()) {
                String current = c.status() == null ? "unknown" : c.status().toLowerCase(Locale.ROOT);
                for (String s : CONDITION_STATUSES) {
                    rows.add(MultiGauge.Row.of(deploymentTags(d).and("condition", c.type(), "status", s,
                            "reason", c.reason() == null ? "" : c.reason()), s.equals(current) ? 1 : 0));
                }
            }
        }
        return rows;
    }

    /** {@code weight="asked"} and {@code weight="reached"} from the canary's annotations, where it has them. */
    private static List<MultiGauge.Row<?>> canaryRows(List<Deployment> deployments) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Deployment d : deployments) {
            Integer asked = percent(d.metadata().annotation(WellKnown.CANARY_WEIGHT_ANNOTATION));
            Integer reached = percent(d.metadata().annotation(WellKnown.CANARY_REACHED_ANNOTATION));
            if (asked != null && reached != null) {
                rows.add(MultiGauge.Row.of(deploymentTags(d).and("weight", "asked"), asked));
                rows.add(MultiGauge.Row.of(deploymentTags(d).and("weight", "reached"), reached));
            }
        }
        return rows;
    }

    private static Integer percent(String v) {
        try {
            return v == null ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Tags deploymentTags(Deployment d) {
        return Tags.of("namespace", namespace(d.metadata().namespace()), "deployment", d.metadata().name());
    }

    static Tags replicaSetTags(ReplicaSet rs) {
        return Tags.of("namespace", namespace(rs.metadata().namespace()), "replicaset", rs.metadata().name());
    }

    private static String namespace(String namespace) {
        return namespace == null ? "default" : namespace;
    }

    /** {@code deployment.kubernetes.io/revision}, 0 before the controller has set it. */
    private static double revision(Deployment d) {
        String r = d.metadata().annotation(WellKnown.REVISION_ANNOTATION);
        try {
            return r == null ? 0 : Long.parseLong(r);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
