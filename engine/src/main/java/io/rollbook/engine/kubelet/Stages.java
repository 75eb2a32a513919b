package io.rollbook.engine.kubelet;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * How long the kubelet stand-in takes for each pod transition, like KWOK stages: a created pod
 * reports Running after {@code startDelay}, Ready {@code readyDelay} later, and a terminating pod
 * reports Terminated after {@code terminateDelay}.
 *
 * <p>Each delay is stretched by a random fraction in {@code [0, jitter)} of itself, so a 1 s delay
 * with jitter 0.2 takes 1.0 to 1.2 s: never less than configured. The random numbers come from
 * {@code seed}, so a run can be repeated.
 *
 * @param startDelay     PodCreated to Running
 * @param readyDelay     Running to Ready (or to Failed, for an image tagged {@code fail})
 * @param terminateDelay PodTerminating to Terminated
 * @param jitter         0 (exact) to 1 (up to twice as long)
 * @param nodes          where pods are placed; null for {@link #DEFAULT_NODES}
 * @param seed           of the jitter's random numbers
 */
public record Stages(Duration startDelay, Duration readyDelay, Duration terminateDelay, double jitter,
                     List<String> nodes, long seed) {

    /** Three nodes, as a small kind cluster has. */
    public static final List<String> DEFAULT_NODES = List.of("node-1", "node-2", "node-3");

    public Stages {
        requireNonNegative(startDelay, "startDelay");
        requireNonNegative(readyDelay, "readyDelay");
        requireNonNegative(terminateDelay, "terminateDelay");
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within 0..1, was " + jitter);
        }
        nodes = nodes == null ? DEFAULT_NODES : List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes must name at least one node");
        }
    }

    /** 1 s to start, 2 s more to be ready, 1 s to terminate, 20% jitter: a lively demo. */
    public static Stages defaults() {
        return new Stages(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1), 0.2, null, 42);
    }

    /** Every transition at once, no jitter: for benchmarks. */
    public static Stages instant() {
        return new Stages(Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, null, 0);
    }

    /** The same stages with another seed. */
    public Stages withSeed(long value) {
        return new Stages(startDelay, readyDelay, terminateDelay, jitter, nodes, value);
    }

    /** The same stages with another jitter. */
    public Stages withJitter(double value) {
        return new Stages(startDelay, readyDelay, terminateDelay, value, nodes, seed);
    }

    /**
     * {@code delay} stretched by a fraction in [0, jitter) of itself. Each report draws from its own
     * Random, seeded from the seed and the report's id, so the plan for a pod does not depend on how
     * the partitions of the log interleave: the same seed repeats the same run.
     */
    public Duration jittered(Duration delay, String commandId) {
        if (jitter == 0 || delay.isZero()) {
            return delay;
        }
        double u = new Random(mix(seed, commandId.hashCode())).nextDouble();
        return delay.plusNanos(Math.round(delay.toNanos() * jitter * u));
    }

    /** SplitMix64's finalizer, so that neighbouring ids get unrelated random streams. */
    private static long mix(long seed, int salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** What becomes of a pod, chosen by its images' tags. */
    public enum Fate {
        /** Starts, then becomes Ready. */
        HEALTHY,
        /** An image tagged {@code broken}: starts but never becomes Ready. */
        BROKEN,
        /** An image tagged {@code fail}: starts, then fails. Wins over {@code broken}. */
        FAILING;

        /** The fate of a pod running {@code images}. */
        public static Fate of(List<String> images) {
            Fate fate = HEALTHY;
            for (String image : images) {
                String tag = tagOf(image);
                if ("fail".equals(tag)) {
                    return FAILING;
                }
                if ("broken".equals(tag)) {
                    fate = BROKEN;
                }
            }
            return fate;
        }

        /** {@code nginx:1.16.1} is tagged {@code 1.16.1}; {@code registry:5000/app} {@code latest}; digests are dropped. */
        static String tagOf(String image) {
            if (image == null) {
                return "latest";
            }
            String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
            int colon = ref.lastIndexOf(':');
            return colon > ref.lastIndexOf('/') ? ref.substring(colon + 1) : "latest";
        }
    }

    private static void requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }
}
