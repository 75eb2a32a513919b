package io.rollbook.engine.deployment.util;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.Revisions;
import io.rollbook.api.manifest.WellKnown;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The annotations the controller keeps on Deployments and ReplicaSets and how it maintains them
 * (deployment_util.go): revision and revision-history, desired-replicas and max-replicas, the
 * Deployment's own annotations copied onto its new ReplicaSet, and back onto the Deployment by a
 * rollback. The keys are in {@link WellKnown}.
 */
public final class Annotations {

    /**
     * Annotations never copied from a Deployment to its ReplicaSets, nor back on rollback
     * (deployment_util.go getSkippedAnnotations / skipCopyAnnotation), and Rollbook's canary annotations
     * (WellKnown.CANARY_CONTROLLER_ANNOTATIONS), which are the controller's state of the Deployment's
     * rollout, not part of any revision.
     */
    public static final Set<String> SKIP_COPY = Set.of(WellKnown.LAST_APPLIED_ANNOTATION,
            WellKnown.REVISION_ANNOTATION, WellKnown.REVISION_HISTORY_ANNOTATION,
            WellKnown.DESIRED_REPLICAS_ANNOTATION, WellKnown.MAX_REPLICAS_ANNOTATION,
            WellKnown.ROLLBACK_TO_ANNOTATION, WellKnown.CANARY_WEIGHT_ANNOTATION, WellKnown.CANARY_STATUS_ANNOTATION,
            WellKnown.CANARY_REACHED_ANNOTATION);

    /** Longest revision-history annotation the controller keeps, oldest entries dropped first. */
    static final int MAX_REVISION_HISTORY_CHARS = 2000;

    private Annotations() {
    }

    /**
     * deployment_util.go Revision: the revision of a ReplicaSet, 0 when the annotation is missing.
     *
     * @throws NumberFormatException when it is present but not an int64 (callers skip or fall back)
     */
    public static long revision(ReplicaSet rs) {
        return Revisions.of(rs.metadata());
    }

    /** The revision a Deployment's annotation carries: 0 when it is missing or not an int64. */
    public static long revisionOrZero(Deployment d) {
        return Revisions.orZero(d.metadata());
    }

    /** {@link #revision}, or null when present but unparsable (where Revision returns its error). */
    public static Long revisionOrNull(ReplicaSet rs) {
        try {
            return revision(rs);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * deployment_util.go GetDesiredReplicasAnnotation: desired-replicas, or null when absent or not
     * an unsigned decimal that fits int32 (getIntFromAnnotation).
     */
    public static Integer desiredReplicas(ReplicaSet rs) {
        return unsignedInt32(rs.metadata().annotation(WellKnown.DESIRED_REPLICAS_ANNOTATION));
    }

    /** deployment_util.go getMaxReplicasAnnotation: max-replicas, or null as for desired-replicas. */
    public static Integer maxReplicas(ReplicaSet rs) {
        return unsignedInt32(rs.metadata().annotation(WellKnown.MAX_REPLICAS_ANNOTATION));
    }

    static Integer unsignedInt32(String v) {
        long n = v == null ? -1 : Fenceposts.digits(v, 0, v.length());
        return n < 0 || n > Integer.MAX_VALUE ? null : (int) n;
    }

    /**
     * deployment_util.go SetReplicasAnnotations: the desired/max pair every resize writes,
     * spec.replicas and replicas + MaxSurge(d) as they are now.
     */
    public static Map<String, String> replicasAnnotations(Deployment d, int maxSurge) {
        Map<String, String> set = new LinkedHashMap<>();
        int replicas = d.spec().replicasOrDefault();
        set.put(WellKnown.DESIRED_REPLICAS_ANNOTATION, Integer.toString(replicas));
        set.put(WellKnown.MAX_REPLICAS_ANNOTATION, Integer.toString(replicas + maxSurge));
        return set;
    }

    /** deployment_util.go ReplicasAnnotationsNeedUpdate: desired/max differ from what a resize writes. */
    public static boolean replicasAnnotationsNeedUpdate(ReplicaSet rs, Deployment d, int maxSurge) {
        int replicas = d.spec().replicasOrDefault();
        return !isDecimal(rs.metadata().annotation(WellKnown.DESIRED_REPLICAS_ANNOTATION), replicas)
                || !isDecimal(rs.metadata().annotation(WellKnown.MAX_REPLICAS_ANNOTATION), replicas + maxSurge);
    }

    /** Whether {@code text} is exactly what {@code Integer.toString(value)} prints, without printing it. */
    static boolean isDecimal(String text, int value) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        long rest = value; // long, so that -Integer.MIN_VALUE fits
        int end = 0;
        if (rest < 0) {
            if (text.charAt(0) != '-') {
                return false;
            }
            rest = -rest;
            end = 1;
        }
        int i = text.length() - 1;
        do {
            if (i < end || text.charAt(i) != (char) ('0' + rest % 10)) {
                return false;
            }
            rest /= 10;
            i--;
        } while (rest > 0);
        return i == end - 1;
    }

    /**
     * deployment_util.go copyDeploymentAnnotationsToReplicaSet: the Deployment annotations a
     * ReplicaSet lacks or holds with another value, skip list excluded. Copying sets these and
     * never deletes, which is how change-cause reaches the ReplicaSet and {@code rollout history}.
     */
    public static Map<String, String> toCopy(Deployment d, Map<String, String> rsAnnotations) {
        Map<String, String> set = new LinkedHashMap<>();
        if (d.metadata().annotations() == null) {
            return set;
        }
        Map<String, String> current = rsAnnotations == null ? Map.of() : rsAnnotations;
        for (Map.Entry<String, String> e : d.metadata().annotations().entrySet()) {
            if (!SKIP_COPY.contains(e.getKey()) && !e.getValue().equals(current.get(e.getKey()))) {
                set.put(e.getKey(), e.getValue());
            }
        }
        return set;
    }

    /**
     * The revision annotations a ReplicaSet gets when it becomes the new one at {@code newRevision}
     * (deployment_util.go SetNewReplicaSetAnnotations): revision raised if lower, the old number appended to
     * revision-history when it had one. Returns only what changes; empty when the revision is
     * unparsable (the controller logs and leaves it).
     */
    public static Map<String, String> revisionUpdate(Map<String, String> rsAnnotations, long newRevision) {
        Map<String, String> current = rsAnnotations == null ? Map.of() : rsAnnotations;
        String oldRevision = current.get(WellKnown.REVISION_ANNOTATION);
        long oldRevisionInt;
        try {
            oldRevisionInt = oldRevision == null || oldRevision.isEmpty() ? 0 : Long.parseLong(oldRevision);
        } catch (NumberFormatException e) {
            return Map.of();
        }
        if (oldRevisionInt >= newRevision) {
            return Map.of();
        }
        Map<String, String> set = new LinkedHashMap<>();
        set.put(WellKnown.REVISION_ANNOTATION, Long.toString(newRevision));
        if (oldRevision != null) {
            String history = appendHistory(current.get(WellKnown.REVISION_HISTORY_ANNOTATION), oldRevision);
            if (history != null) {
                set.put(WellKnown.REVISION_HISTORY_ANNOTATION, history);
            }
        }
        return set;
    }

    /** revision-history with {@code oldRevision} appended, oldest entries dropped to stay within 2000 chars. */
    public static String appendHistory(String history, String oldRevision) {
        if (history == null || history.isEmpty()) {
            return oldRevision;
        }
        String[] entries = history.split(",", -1);
        int totalLen = history.length() + oldRevision.length() + 1;
        int start = 0;
        while (totalLen > MAX_REVISION_HISTORY_CHARS && start < entries.length) {
            totalLen -= entries[start].length() + 1;
            start++;
        }
        if (totalLen > MAX_REVISION_HISTORY_CHARS) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = start; i < entries.length; i++) {
            sb.append(entries[i]).append(',');
        }
        return sb.append(oldRevision).toString();
    }

    /**
     * deployment_util.go SetDeploymentAnnotationsTo: the annotations a rollback gives the
     * Deployment, its own skip-list ones plus every other annotation of the target ReplicaSet. The
     * result replaces the Deployment's annotations, so change-cause comes back from the target.
     */
    public static Map<String, String> setDeploymentAnnotationsTo(Map<String, String> deployment, Map<String, String> rs) {
        Map<String, String> out = new LinkedHashMap<>();
        if (deployment != null) {
            deployment.forEach((k, v) -> {
                if (SKIP_COPY.contains(k)) {
                    out.put(k, v);
                }
            });
        }
        if (rs != null) {
            rs.forEach((k, v) -> {
                if (!SKIP_COPY.contains(k)) {
                    out.put(k, v);
                }
            });
        }
        return Collections.unmodifiableMap(out);
    }
}
