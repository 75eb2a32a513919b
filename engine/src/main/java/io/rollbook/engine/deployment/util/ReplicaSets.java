package io.rollbook.engine.deployment.util;

import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetSpec;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.apiserver.PodTemplateDefaults;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ReplicaSet arithmetic (deployment_util.go and controller_utils.go): the orderings, the sums, which
 * one is new, revisions, saturation and the proportional share.
 */
public final class ReplicaSets {

    /** controller_utils.go ReplicaSetsByCreationTimestamp: oldest first; ties by name. */
    public static final Comparator<ReplicaSet> OLDEST_FIRST = (a, b) -> {
        int byTime = createdAt(a).compareTo(createdAt(b));
        return byTime != 0 ? byTime : Objects.toString(a.name(), "").compareTo(Objects.toString(b.name(), ""));
    };

    /** controller_utils.go ReplicaSetsBySizeNewer: larger first, equal sizes newest first (scaling up). */
    public static final Comparator<ReplicaSet> BY_SIZE_NEWER = Comparator
            .comparingInt(ReplicaSet::specReplicas).reversed()
            .thenComparing(OLDEST_FIRST.reversed());

    /** controller_utils.go ReplicaSetsBySizeOlder: larger first, equal sizes oldest first (scaling down). */
    public static final Comparator<ReplicaSet> BY_SIZE_OLDER = Comparator
            .comparingInt(ReplicaSet::specReplicas).reversed()
            .thenComparing(OLDEST_FIRST);

    /**
     * deployment_util.go ReplicaSetsByRevision: by revision; equal or unparsable revisions by
     * creation time (history cleanup goes oldest revision first).
     */
    public static final Comparator<ReplicaSet> BY_REVISION = (a, b) -> {
        Long ra = Annotations.revisionOrNull(a);
        Long rb = Annotations.revisionOrNull(b);
        if (ra == null || rb == null || ra.equals(rb)) {
            return OLDEST_FIRST.compare(a, b);
        }
        return Long.compare(ra, rb);
    };

    /** What a missing template compares as: no metadata, no containers. */
    private static final PodTemplateSpec NO_TEMPLATE = new PodTemplateSpec(null, null);

    private ReplicaSets() {
    }

    private static Instant createdAt(ReplicaSet rs) {
        Instant t = rs.metadata().creationTimestamp();
        return t == null ? Instant.EPOCH : t;
    }

    /** controller_utils.go FilterActiveReplicaSets: those with spec.replicas above 0. */
    public static List<ReplicaSet> active(List<ReplicaSet> rss) {
        List<ReplicaSet> out = new ArrayList<>(rss.size());
        for (ReplicaSet rs : rss) {
            if (rs != null && rs.specReplicas() > 0) {
                out.add(rs);
            }
        }
        return out;
    }

    /** deployment_util.go GetReplicaCountForReplicaSets: Σ spec.replicas. */
    public static int specSum(List<ReplicaSet> rss) {
        int sum = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                sum += rs.specReplicas();
            }
        }
        return sum;
    }

    /** deployment_util.go GetActualReplicaCountForReplicaSets: Σ status.replicas. */
    public static int actualSum(List<ReplicaSet> rss) {
        int sum = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                sum += rs.statusOrEmpty().replicas();
            }
        }
        return sum;
    }

    /** deployment_util.go GetReadyReplicaCountForReplicaSets: Σ status.readyReplicas. */
    public static int readySum(List<ReplicaSet> rss) {
        int sum = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                sum += rs.statusOrEmpty().readyReplicas();
            }
        }
        return sum;
    }

    /** deployment_util.go GetAvailableReplicaCountForReplicaSets: Σ status.availableReplicas. */
    public static int availableSum(List<ReplicaSet> rss) {
        int sum = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                sum += rs.statusOrEmpty().availableReplicas();
            }
        }
        return sum;
    }

    /**
     * deployment_util.go EqualIgnoreHash: template equality ignoring the pod-template-hash label on
     * both sides, semantic as the API server's ({@link io.rollbook.api.manifest.Semantic}: empty
     * equals absent) and with the API server's pod defaults on both sides
     * ({@link PodTemplateDefaults#equivalent}), so a ReplicaSet logged by an older Rollbook, whose
     * template was stored without them, is still the one a Deployment with the same template runs.
     */
    public static boolean equalIgnoreHash(PodTemplateSpec a, PodTemplateSpec b) {
        PodTemplateSpec x = a == null ? NO_TEMPLATE : a;
        PodTemplateSpec y = b == null ? NO_TEMPLATE : b;
        if (x == y) {
            return true;
        }
        // Compared in place first: the same answer as withoutHash(a).equals(withoutHash(b)), without the copies.
        boolean sameLabels = equalIgnoring(x.metadata().labels(), y.metadata().labels(),
                WellKnown.POD_TEMPLATE_HASH_LABEL);
        if (sameLabels && x.spec().equals(y.spec()) && x.metadata().equalsExceptLabels(y.metadata())) {
            return true;
        }
        // Defaults never change a container's name or image: templates that differ there
        // differ (the usual old ReplicaSet), as do templates with other labels.
        return sameLabels && sameContainers(x.spec().containers(), y.spec().containers())
                && sameContainers(x.spec().initContainers(), y.spec().initContainers())
                && PodTemplateDefaults.equivalent(withoutHash(x), withoutHash(y));
    }

    private static boolean sameContainers(List<Container> a, List<Container> b) {
        List<Container> x = a == null ? List.of() : a;
        List<Container> y = b == null ? List.of() : b;
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!Objects.equals(x.get(i).name(), y.get(i).name()) || !Objects.equals(x.get(i).image(), y.get(i).image())) {
                return false;
            }
        }
        return true;
    }

    /** Map equality with {@code key} left out on both sides; null is the empty map. */
    private static boolean equalIgnoring(Map<String, String> a, Map<String, String> b, String key) {
        if (a == b) {
            return true;
        }
        Map<String, String> x = a == null ? Map.of() : a;
        Map<String, String> y = b == null ? Map.of() : b;
        int xSize = x.size() - (x.containsKey(key) ? 1 : 0);
        int ySize = y.size() - (y.containsKey(key) ? 1 : 0);
        if (xSize != ySize) {
            return false;
        }
        for (Map.Entry<String, String> e : x.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (k.equals(key)) {
                continue;
            }
            if (v == null ? y.get(k) != null || !y.containsKey(k) : !v.equals(y.get(k))) {
                return false;
            }
        }
        return true;
    }

    /** The template without the pod-template-hash label: what a rollback puts back on the Deployment. */
    public static PodTemplateSpec withoutHash(PodTemplateSpec t) {
        if (t == null) {
            return NO_TEMPLATE;
        }
        ObjectMeta m = t.metadata();
        Map<String, String> labels = io.rollbook.api.manifest.Maps.without(m.labels(),
                WellKnown.POD_TEMPLATE_HASH_LABEL);
        return t.withMetadata(m.withLabels(labels));
    }

    /**
     * deployment_util.go FindNewReplicaSet: the oldest ReplicaSet whose template equals the
     * Deployment's ignoring the hash (by creation time, then name); null when there is none.
     */
    public static ReplicaSet findNew(Deployment d, List<ReplicaSet> rss) {
        // The first match in a stable oldest-first sort, found without sorting a copy: the
        // oldest match, and of equally old ones the first in the list.
        ReplicaSet oldest = null;
        for (ReplicaSet rs : rss) {
            if ((oldest == null || OLDEST_FIRST.compare(rs, oldest) < 0)
                    && equalIgnoreHash(rs.spec().template(), d.spec().template())) {
                oldest = rs;
            }
        }
        return oldest;
    }

    /** deployment_util.go FindOldReplicaSets: every ReplicaSet but the new one, oldest first. */
    public static List<ReplicaSet> findOld(ReplicaSet newRs, List<ReplicaSet> rss) {
        List<ReplicaSet> old = new ArrayList<>(rss.size());
        for (ReplicaSet rs : rss) {
            if (newRs == null || !sameObject(rs, newRs)) {
                old.add(rs);
            }
        }
        old.sort(OLDEST_FIRST);
        return old;
    }

    /** The same object: same name and uid (two versions of it compare equal here). */
    public static boolean sameObject(ReplicaSet a, ReplicaSet b) {
        return Objects.equals(a.name(), b.name()) && Objects.equals(a.metadata().uid(), b.metadata().uid());
    }

    /** deployment_util.go MaxRevision: the highest parsable revision, 0 when none; the new one gets one more. */
    public static long maxRevision(List<ReplicaSet> rss) {
        long max = 0;
        for (ReplicaSet rs : rss) {
            Long v = rs == null ? null : Annotations.revisionOrNull(rs);
            if (v != null && v > max) {
                max = v;
            }
        }
        return max;
    }

    /** deployment_util.go LastRevision: the second-highest revision, where an undo to 0 goes back to. */
    public static long lastRevision(List<ReplicaSet> rss) {
        long max = 0;
        long secMax = 0;
        for (ReplicaSet rs : rss) {
            Long v = rs == null ? null : Annotations.revisionOrNull(rs);
            if (v == null) {
                continue;
            }
            if (v >= max) {
                secMax = max;
                max = v;
            } else if (v > secMax) {
                secMax = v;
            }
        }
        return secMax;
    }

    /**
     * deployment_util.go IsSaturated: the new ReplicaSet at full size, told so by its
     * desired-replicas annotation, and fully available.
     */
    public static boolean isSaturated(Deployment d, ReplicaSet rs) {
        if (rs == null) {
            return false;
        }
        String desired = rs.metadata().annotation(WellKnown.DESIRED_REPLICAS_ANNOTATION);
        long parsed;
        try {
            parsed = desired == null ? Long.MIN_VALUE : Long.parseLong(desired);
        } catch (NumberFormatException e) {
            return false;
        }
        int replicas = d.spec().replicasOrDefault();
        return rs.specReplicas() == replicas && parsed == replicas && rs.statusOrEmpty().availableReplicas() == replicas;
    }

    /**
     * deployment_util.go GetReplicaSetProportion: this ReplicaSet's share of {@code toAdd} in a
     * proportional scale, never past what is left once {@code added} is handed out.
     */
    public static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
        if (rs == null || rs.specReplicas() == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, d);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    /**
     * deployment_util.go getReplicaSetFraction: round(spec × (replicas + maxSurge) / max-replicas
     * it was sized for) − spec, rounding half away from zero; the Deployment's status.replicas when
     * the annotation is missing or 0; all of it away when scaling to 0.
     */
    static int fraction(ReplicaSet rs, Deployment d) {
        int replicas = d.spec().replicasOrDefault();
        if (replicas == 0) {
            return -rs.specReplicas();
        }
        long maxReplicas = (long) replicas + Fenceposts.maxSurge(d);
        Integer before = Annotations.maxReplicas(rs);
        long base = before == null || before == 0 ? d.statusOrEmpty().replicas() : before;
        if (base == 0) {
            return 0;
        }
        double newSize = (double) ((long) rs.specReplicas() * maxReplicas) / (double) base;
        return (int) (Math.round(Math.abs(newSize)) * (long) Math.signum(newSize)) - rs.specReplicas();
    }

    /** The ReplicaSet with another spec.replicas. */
    public static ReplicaSet withReplicas(ReplicaSet rs, int replicas) {
        ReplicaSetSpec spec = rs.spec().withReplicas(replicas);
        return rs.withSpec(spec);
    }
}
