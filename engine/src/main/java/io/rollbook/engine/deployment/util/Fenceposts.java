package io.rollbook.engine.deployment.util;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentStrategy;
import io.rollbook.api.manifest.RollingUpdateDeployment;
import io.rollbook.api.value.IntOrPercent;

/**
 * Resolved maxSurge and maxUnavailable of a rolling update (deployment_util.go ResolveFenceposts,
 * MaxSurge, MaxUnavailable, MinAvailable).
 *
 * <p>Percentages scale against the desired replicas: surge rounds up, unavailable rounds down, so
 * 25%/25% of 10 is 3/2 (at most 13 pods, at least 8 available). If both come out 0, unavailable
 * becomes 1, or the rollout could never move.
 */
public record Fenceposts(int maxSurge, int maxUnavailable) {

    public static final Fenceposts NONE = new Fenceposts(0, 0);

    /**
     * deployment_util.go ResolveFenceposts: the two values against {@code desired}. Unset values
     * count as 0; {@code 0%}/{@code 0%} of 0 is 0/1, and 1%/1% of 10 is 1/0 (surge rounds up).
     *
     * @throws IllegalArgumentException for a string that is not {@code N%}, or a result outside int32
     */
    public static Fenceposts resolve(IntOrPercent maxSurge, IntOrPercent maxUnavailable, int desired) {
        int surge = scaled(maxSurge, desired, true);
        int unavailable = scaled(maxUnavailable, desired, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1; // both zero: allow one unavailable so the rollout can move
        }
        return new Fenceposts(surge, unavailable);
    }

    /**
     * The fenceposts a Deployment rolls with: resolved for RollingUpdate, 0/0 otherwise, as
     * {@code rollbook plan} prints them (before MaxUnavailable clamps to replicas).
     */
    public static Fenceposts of(Deployment d) {
        DeploymentStrategy strategy = d.spec().strategy();
        if (strategy == null || !strategy.isRollingUpdate()) {
            return NONE;
        }
        RollingUpdateDeployment ru = strategy.rollingUpdate();
        return resolve(ru == null ? null : ru.maxSurge(), ru == null ? null : ru.maxUnavailable(),
                d.spec().replicasOrDefault());
    }

    /** deployment_util.go MaxSurge: the resolved surge for RollingUpdate, 0 otherwise; not clamped. */
    public static int maxSurge(Deployment d) {
        return of(d).maxSurge();
    }

    /** deployment_util.go MaxUnavailable: 0 unless RollingUpdate with replicas; clamped to replicas. */
    public static int maxUnavailable(Deployment d) {
        int replicas = d.spec().replicasOrDefault();
        if (!isRollingUpdate(d) || replicas == 0) {
            return 0;
        }
        return Math.min(of(d).maxUnavailable(), replicas);
    }

    /** deployment_util.go MinAvailable: replicas − MaxUnavailable for RollingUpdate, 0 for Recreate. */
    public static int minAvailable(Deployment d) {
        return isRollingUpdate(d) ? d.spec().replicasOrDefault() - maxUnavailable(d) : 0;
    }

    /** deployment_util.go IsRollingUpdate: the strategy is RollingUpdate. */
    public static boolean isRollingUpdate(Deployment d) {
        return d.spec().strategy() != null && d.spec().strategy().isRollingUpdate();
    }

    /**
     * apimachinery intstr.GetScaledValueFromIntOrPercent: an int as-is, {@code N%} of {@code total}
     * rounded up or down.
     */
    public static int scaled(IntOrPercent value, int total, boolean roundUp) {
        if (value == null) {
            return 0;
        }
        if (value.isInt()) {
            return value.intValue();
        }
        long percent = parsePercent(value.stringValue());
        long scaled = roundUp
                ? Math.floorDiv(percent * total + 99, 100)
                : Math.floorDiv(percent * total, 100);
        if (scaled > Integer.MAX_VALUE || scaled < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("scaled value " + scaled + " of " + value + " does not fit in int32");
        }
        return (int) scaled;
    }

    /** The N of {@code "N%"}: an optional sign (Go's Atoi accepts one), then 1 to 10 digits. */
    static long parsePercent(String text) {
        if (!text.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        int end = text.length() - 1;
        boolean signed = end > 0 && (text.charAt(0) == '+' || text.charAt(0) == '-');
        long n = digits(text, signed ? 1 : 0, end);
        if (n < 0) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid value \"" + text + "\"");
        }
        return text.charAt(0) == '-' ? -n : n;
    }

    /** The value of {@code text[from, to)} when it is 1 to 10 ASCII digits, else -1. */
    static long digits(String text, int from, int to) {
        if (to - from < 1 || to - from > 10) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
