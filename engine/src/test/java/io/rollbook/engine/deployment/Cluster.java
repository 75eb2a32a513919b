package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the API server in multi-pass tests: applies a plan's ReplicaSet actions and
 * Deployment changes, and plays the ReplicaSet controller by making pods available.
 */
public final class Cluster {

    private Cluster() {
    }

    /** The ReplicaSets after the plan's create/scale/annotate/delete actions; a created one is stamped {@code now}. */
    public static List<ReplicaSet> apply(List<ReplicaSet> rss, Plan plan, Instant now) {
        List<ReplicaSet> out = new ArrayList<>(rss);
        for (Action a : plan.actions()) {
            if (a instanceof Action.Create c) {
                ReplicaSet rs = c.replicaSetObject();
                out.add(rs.withMetadata(rs.metadata().withUid("uid-" + rs.name()).withCreationTimestamp(now))
                        .withStatus(ReplicaSetStatus.EMPTY));
            } else if (a instanceof Action.Scale s) {
                int i = indexOf(out, s.replicaSet());
                ReplicaSet rs = out.get(i);
                out.set(i, withAnnotations(rs.withSpec(rs.spec().withReplicas(s.to())), s.annotations()));
            } else if (a instanceof Action.Annotate an) {
                int i = indexOf(out, an.replicaSet());
                ReplicaSet rs = withAnnotations(out.get(i), an.annotations());
                out.set(i, an.minReadySeconds() == null ? rs : rs.withSpec(rs.spec().withMinReadySeconds(an.minReadySeconds())));
            } else if (a instanceof Action.Delete d) {
                out.remove(indexOf(out, d.replicaSet()));
            }
        }
        return out;
    }

    /** The Deployment with the plan's status written and its annotations merged. */
    public static Deployment apply(Deployment d, Plan plan) {
        Map<String, String> annotations = new LinkedHashMap<>(
                d.metadata().annotations() == null ? Map.of() : d.metadata().annotations());
        annotations.putAll(plan.deploymentAnnotations());
        return d.withMetadata(d.metadata().withAnnotations(annotations)).withStatus(plan.status());
    }

    /** The ReplicaSet controller at its fastest: every pod of every spec exists and is available. */
    public static List<ReplicaSet> allAvailable(List<ReplicaSet> rss) {
        List<ReplicaSet> out = new ArrayList<>();
        for (ReplicaSet rs : rss) {
            out.add(withStatus(rs, rs.specReplicas(), rs.specReplicas()));
        }
        return out;
    }

    /** Pods exist for every spec, but {@code name}'s pods stay as available as they were (capped at its spec). */
    public static List<ReplicaSet> allAvailableExcept(List<ReplicaSet> rss, String name) {
        List<ReplicaSet> out = new ArrayList<>();
        for (ReplicaSet rs : rss) {
            int spec = rs.specReplicas();
            int available = rs.name().equals(name) ? Math.min(spec, rs.statusOrEmpty().availableReplicas()) : spec;
            out.add(withStatus(rs, spec, available));
        }
        return out;
    }

    public static ReplicaSet byName(List<ReplicaSet> rss, String name) {
        return rss.get(indexOf(rss, name));
    }

    private static ReplicaSet withStatus(ReplicaSet rs, int replicas, int available) {
        return rs.withStatus(new ReplicaSetStatus(replicas, null, available, available, null, 0, null));
    }

    private static ReplicaSet withAnnotations(ReplicaSet rs, Map<String, String> set) {
        Map<String, String> merged = new LinkedHashMap<>(
                rs.metadata().annotations() == null ? Map.of() : rs.metadata().annotations());
        merged.putAll(set);
        ObjectMeta meta = rs.metadata().withAnnotations(merged);
        return rs.withMetadata(meta);
    }

    private static int indexOf(List<ReplicaSet> rss, String name) {
        for (int i = 0; i < rss.size(); i++) {
            if (rss.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("plan acts on unknown replica set " + name);
    }
}
