package io.rollbook.engine.domain;

import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.NetworkInterface;

import java.time.Instant;
import java.util.List;

/**
 * A simulated pod as the controller sees it.
 *
 * @param phase             Pending, Running, Failed or Succeeded
 * @param readySince        when it last became Ready, null while not ready
 * @param deletionTimestamp when its deletion began, null while it is not terminating
 * @param ip                its address on the cluster network once started, else null
 * @param networks          its interfaces on secondary networks, or null
 */
public record PodState(String name, String replicaSet, String node, String phase, Instant createdAt,
                       Instant readySince, Instant deletionTimestamp, String ip, List<NetworkInterface> networks) {

    /** A pod just created: no address yet. */
    public PodState(String name, String replicaSet, String node, String phase, Instant createdAt,
                    Instant readySince, Instant deletionTimestamp) {
        this(name, replicaSet, node, phase, createdAt, readySince, deletionTimestamp, null, null);
    }

    public boolean ready() {
        return readySince != null;
    }

    public boolean terminating() {
        return deletionTimestamp != null;
    }

    /** Counted by its ReplicaSet: not terminating and not terminal (Failed or Succeeded). */
    public boolean active() {
        return !terminating() && !WellKnown.POD_FAILED.equals(phase) && !WellKnown.POD_SUCCEEDED.equals(phase);
    }

    /** podutil IsPodAvailable: active, Ready, and Ready for longer than minReadySeconds (strictly) at now. */
    public boolean available(int minReadySeconds, Instant now) {
        if (!active() || !ready()) {
            return false;
        }
        return minReadySeconds == 0 || readySince.plusSeconds(minReadySeconds).isBefore(now);
    }

    public PodState withPhase(String value) {
        return new PodState(name, replicaSet, node, value, createdAt, readySince, deletionTimestamp, ip, networks);
    }

    public PodState withNode(String value) {
        return new PodState(name, replicaSet, value, phase, createdAt, readySince, deletionTimestamp, ip, networks);
    }

    public PodState withReadySince(Instant value) {
        return new PodState(name, replicaSet, node, phase, createdAt, value, deletionTimestamp, ip, networks);
    }

    public PodState withDeletionTimestamp(Instant value) {
        return new PodState(name, replicaSet, node, phase, createdAt, readySince, value, ip, networks);
    }

    /** The pod with the addresses it got when it started (kept when the event carries none). */
    public PodState withAddresses(String value, List<NetworkInterface> interfaces) {
        return value == null ? this
                : new PodState(name, replicaSet, node, phase, createdAt, readySince, deletionTimestamp, value,
                        interfaces);
    }
}
