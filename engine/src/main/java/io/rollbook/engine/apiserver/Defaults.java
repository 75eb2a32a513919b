package io.rollbook.engine.apiserver;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentSpec;
import io.rollbook.api.manifest.DeploymentStrategy;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetSpec;
import io.rollbook.api.manifest.RollingUpdateDeployment;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.IntOrPercent;

import java.util.Objects;

/**
 * The apps/v1 defaults the API server applies before validation and storage
 * (pkg/apis/apps/v1 defaults.go {@code SetDefaults_Deployment} / {@code SetDefaults_ReplicaSet}).
 *
 * <p>Only unset (null) fields are filled; a value the user wrote, even 0 or an invalid one, is kept
 * so that validation can judge it. Applying the defaults twice gives the same object. The pod
 * template is never touched, so templates compare and hash exactly as written.
 */
public final class Defaults {

    public static final int REPLICAS = 1;
    public static final int REVISION_HISTORY_LIMIT = 10;
    public static final int PROGRESS_DEADLINE_SECONDS = 600;
    public static final int MIN_READY_SECONDS = 0;
    public static final String NAMESPACE = WellKnown.DEFAULT_NAMESPACE;
    public static final IntOrPercent MAX_UNAVAILABLE = IntOrPercent.ofString("25%");
    public static final IntOrPercent MAX_SURGE = IntOrPercent.ofString("25%");

    private Defaults() {
    }

    /**
     * SetDefaults_Deployment: a copy of {@code d} with replicas 1, strategy RollingUpdate with
     * 25%/25% for an unset block or unset field (nothing for Recreate or an unknown type),
     * revisionHistoryLimit 10, progressDeadlineSeconds 600, minReadySeconds 0, namespace "default".
     * {@code paused} and the template stay as they are.
     */
    public static Deployment apply(Deployment d) {
        Objects.requireNonNull(d, "deployment");
        DeploymentSpec s = d.spec();
        DeploymentStrategy strategy = strategy(s.strategy());
        ObjectMeta meta = namespace(d.metadata());
        if (s.replicas() != null && strategy == s.strategy() && s.minReadySeconds() != null
                && s.revisionHistoryLimit() != null && s.progressDeadlineSeconds() != null && meta == d.metadata()) {
            return d; // stored objects carry their defaults already: nothing to copy
        }
        DeploymentSpec spec = s
                .withReplicas(orDefault(s.replicas(), REPLICAS))
                .withStrategy(strategy)
                .withMinReadySeconds(orDefault(s.minReadySeconds(), MIN_READY_SECONDS))
                .withRevisionHistoryLimit(orDefault(s.revisionHistoryLimit(), REVISION_HISTORY_LIMIT))
                .withProgressDeadlineSeconds(orDefault(s.progressDeadlineSeconds(), PROGRESS_DEADLINE_SECONDS));
        return d.withMetadata(meta).withSpec(spec);
    }

    /** SetDefaults_ReplicaSet: a copy of {@code rs} with replicas 1, minReadySeconds 0, namespace "default". */
    public static ReplicaSet apply(ReplicaSet rs) {
        Objects.requireNonNull(rs, "replicaSet");
        ReplicaSetSpec spec = rs.spec()
                .withReplicas(orDefault(rs.spec().replicas(), REPLICAS))
                .withMinReadySeconds(orDefault(rs.spec().minReadySeconds(), MIN_READY_SECONDS));
        return rs.withMetadata(namespace(rs.metadata())).withSpec(spec);
    }

    /**
     * An unset or empty type becomes RollingUpdate; only RollingUpdate gets its block and its two
     * values defaulted. A Recreate strategy keeps a user-written block so that validation rejects it.
     * A strategy with nothing to fill is returned as it is.
     */
    static DeploymentStrategy strategy(DeploymentStrategy strategy) {
        String type = strategy == null || strategy.type() == null || strategy.type().isEmpty()
                ? DeploymentStrategy.ROLLING_UPDATE : strategy.type();
        RollingUpdateDeployment block = strategy == null ? null : strategy.rollingUpdate();
        if (!DeploymentStrategy.ROLLING_UPDATE.equals(type)) {
            return strategy != null && type.equals(strategy.type()) ? strategy : new DeploymentStrategy(type, block);
        }
        if (strategy != null && type.equals(strategy.type()) && block != null
                && block.maxUnavailable() != null && block.maxSurge() != null) {
            return strategy;
        }
        IntOrPercent maxUnavailable = block == null || block.maxUnavailable() == null
                ? MAX_UNAVAILABLE : block.maxUnavailable();
        IntOrPercent maxSurge = block == null || block.maxSurge() == null ? MAX_SURGE : block.maxSurge();
        return new DeploymentStrategy(type, new RollingUpdateDeployment(maxUnavailable, maxSurge));
    }

    /** An unset or empty namespace is the request's namespace, {@code default} for kubectl without -n. */
    static ObjectMeta namespace(ObjectMeta meta) {
        boolean unset = meta.namespace() == null || meta.namespace().isEmpty();
        return unset ? meta.withNamespace(NAMESPACE) : meta;
    }

    private static Integer orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
