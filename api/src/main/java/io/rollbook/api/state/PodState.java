package io.rollbook.api.state;

import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.NetworkInterface;

import java.time.Instant;
import java.util.List;

/**
 * A simulated pod as the log tells it: the controllers decide from it, the projections print it.
 * Changed only by {@link WorkloadState#apply}, through the transitions below.
 *
 * @param ownerUid          the uid of its ReplicaSet when it was created, or null
 * @param template          its ReplicaSet's pod template when it was created (labels, containers), or null
 * @param node              where it runs, null until a kubelet places it
 * @param phase             Pending, Running, Failed or Succeeded
 * @param reason            why it failed (e.g. CrashLoopBackOff), as the kubelet said; null otherwise
 * @param startedAt         when it first ran, null while Pending
 * @param readySince        when it last became Ready, null while not ready
 * @param deletionTimestamp when its deletion began, null while it is not terminating
 * @param ip                its address on the cluster network once started, else null
 * @param networks          its interfaces on secondary networks, or null
 * @param restartCount      how often the kubelet restarted its container in place
 * @param waiting           why its container waits to be started again (CrashLoopBackOff), null while it runs
 */
public record PodState(String name, String replicaSet, String ownerUid, PodTemplateSpec template, String node,
                       String phase, String reason, Instant createdAt, Instant startedAt, Instant readySince,
                       Instant deletionTimestamp, String ip, List<NetworkInterface> networks, int restartCount,
                       String waiting) {

    /** A pod just created at {@code time} for {@code owner} (null when its ReplicaSet is unknown): Pending. */
    public static PodState created(String name, String replicaSet, ReplicaSet owner, String node, Instant time) {
        String uid = owner == null ? null : owner.metadata().uid();
        PodTemplateSpec template = owner == null ? null : owner.spec().template();
        return new PodState(name, replicaSet, uid, template, node,
                WellKnown.POD_PENDING, null, time, null, null, null, null,
                null, 0, null);
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

    /**
     * podutil.IsPodAvailable: active, Ready, and Ready for longer than minReadySeconds (strictly) at
     * {@code now}; with minReadySeconds 0, Ready is enough.
     */
    public boolean available(int minReadySeconds, Instant now) {
        if (!active() || !ready()) {
            return false;
        }
        return minReadySeconds == 0 || readySince.plusSeconds(minReadySeconds).isBefore(now);
    }

    /** Its containers started at {@code time} on {@code onNode}, with the addresses it got (if the event had any). */
    public PodState started(String onNode, Instant time, String address, List<NetworkInterface> interfaces) {
        PodState running = running(onNode, time);
        return address == null ? running : new PodState(name, replicaSet, ownerUid, template, running.node,
                running.phase, reason, createdAt, running.startedAt, readySince, deletionTimestamp, address, interfaces,
                restartCount, waiting);
    }

    /** It became Ready at {@code time} (and so is running, even when the log never said it started). */
    public PodState becameReady(String onNode, Instant time) {
        PodState running = running(onNode, time);
        return new PodState(name, replicaSet, ownerUid, template, running.node, running.phase, reason, createdAt,
                running.startedAt, time, deletionTimestamp, ip, networks, restartCount, waiting);
    }

    /** It failed for {@code why}: no longer ready. */
    public PodState failed(String onNode, String why) {
        return new PodState(name, replicaSet, ownerUid, template, nodeOr(onNode),
                WellKnown.POD_FAILED, why, createdAt, startedAt,
                null, deletionTimestamp, ip, networks, restartCount, waiting);
    }

    /** Its container exited and waits for {@code why} (CrashLoopBackOff): still Running, no longer ready. */
    public PodState crashed(String onNode, String why) {
        return new PodState(name, replicaSet, ownerUid, template, nodeOr(onNode), phase, reason, createdAt, startedAt,
                null, deletionTimestamp, ip, networks, restartCount, why);
    }

    /** The kubelet started its container again: one restart more, no longer waiting. */
    public PodState restarted(String onNode) {
        return new PodState(name, replicaSet, ownerUid, template, nodeOr(onNode), phase, reason, createdAt, startedAt,
                readySince, deletionTimestamp, ip, networks, restartCount + 1, null);
    }

    /** Its deletion began at {@code time}: a terminating pod no longer counts as ready. */
    public PodState terminatingAt(Instant time) {
        return new PodState(name, replicaSet, ownerUid, template, node, phase, reason, createdAt, startedAt, null,
                time, ip, networks, restartCount, waiting);
    }

    private PodState running(String onNode, Instant time) {
        return new PodState(name, replicaSet, ownerUid, template, nodeOr(onNode),
                WellKnown.POD_RUNNING, reason, createdAt,
                startedAt == null ? time : startedAt, readySince, deletionTimestamp, ip, networks, restartCount,
                waiting);
    }

    /** The node an event names; an event without one leaves the node the log told before. */
    private String nodeOr(String onNode) {
        return onNode == null ? node : onNode;
    }
}
