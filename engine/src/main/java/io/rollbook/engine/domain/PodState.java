package io.rollbook.engine.domain;

import java.time.Instant;

/**
 * A simulated pod as the controller sees it.
 *
 * @param phase             Pending, Running, Failed or Succeeded
 * @param readySince        when it last became Ready, null while not ready
 * @param deletionTimestamp when its deletion began, null while it is not terminating
 */
public record PodState(String name, String replicaSet, String node, String phase, Instant createdAt,
                       Instant readySince, Instant deletionTimestamp) {

    public boolean ready() {
        return readySince != null;
    }

    public boolean terminating() {
        return deletionTimestamp != null;
    }

    /** Counted by its ReplicaSet: not terminating and not terminal (Failed or Succeeded). */
    public boolean active() {
        return !terminating() && !"Failed".equals(phase) && !"Succeeded".equals(phase);
    }

    /** A12.2: active, Ready, and Ready for longer than minReadySeconds (strictly) at {@code now}. */
    public boolean available(int minReadySeconds, Instant now) {
        if (!active() || !ready()) {
            return false;
        }
        return minReadySeconds == 0 || readySince.plusSeconds(minReadySeconds).isBefore(now);
    }

    public PodState withPhase(String value) {
        return new PodState(name, replicaSet, node, value, createdAt, readySince, deletionTimestamp);
    }

    public PodState withNode(String value) {
        return new PodState(name, replicaSet, value, phase, createdAt, readySince, deletionTimestamp);
    }

    public PodState withReadySince(Instant value) {
        return new PodState(name, replicaSet, node, phase, createdAt, value, deletionTimestamp);
    }

    public PodState withDeletionTimestamp(Instant value) {
        return new PodState(name, replicaSet, node, phase, createdAt, readySince, value);
    }
}
