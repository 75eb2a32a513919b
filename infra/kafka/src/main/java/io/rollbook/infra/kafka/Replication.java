package io.rollbook.infra.kafka;

/**
 * How Rollbook's topics are replicated: {@code factor} copies of each partition, and writes (all
 * of them {@code acks=all}) acknowledged once {@code minInsyncReplicas} copies have them. Either may
 * be null: chosen from the cluster's size by {@link #resolve}.
 */
public record Replication(Integer factor, Integer minInsyncReplicas) {

    /** Both chosen from the cluster: 3 and 2 on three brokers or more, so one broker may go without loss or stop. */
    public static final Replication FOR_CLUSTER = new Replication(null, null);

    public Replication {
        if (factor != null && factor < 1) {
            throw new IllegalArgumentException("--replication-factor must be at least 1, was " + factor);
        }
        if (minInsyncReplicas != null && minInsyncReplicas < 1) {
            throw new IllegalArgumentException("--min-insync-replicas must be at least 1, was " + minInsyncReplicas);
        }
        if (factor != null && minInsyncReplicas != null && minInsyncReplicas > factor) {
            throw new IllegalArgumentException("--min-insync-replicas (" + minInsyncReplicas
                    + ") cannot exceed --replication-factor (" + factor + "): no write would ever be acknowledged");
        }
    }

    /**
     * What to use on a cluster of {@code brokers}: the given values, else a factor of
     * min(3, brokers) and min.insync.replicas 2 when the factor is 3 or more (one broker down still
     * takes writes, and an acknowledged write survives it), else 1.
     *
     * @throws IllegalArgumentException when the cluster has fewer brokers than the factor asked for
     */
    public Replication resolve(int brokers) {
        int f = factor != null ? factor : Math.max(1, Math.min(3, brokers));
        if (f > brokers) {
            throw new IllegalArgumentException("--replication-factor " + f + " needs at least " + f
                    + " brokers; the cluster has " + brokers);
        }
        int m = minInsyncReplicas != null ? minInsyncReplicas : f >= 3 ? 2 : 1;
        return new Replication(f, Math.min(m, f));
    }
}
