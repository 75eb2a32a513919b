package io.rollbook.infra.http;

import io.rollbook.api.event.CommandRejected;
import io.rollbook.api.event.ConditionChanged;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.KubeEventRecorded;
import io.rollbook.api.event.PodCrashed;
import io.rollbook.api.event.PodFailed;
import io.rollbook.api.event.ReplicaSetApplied;
import io.rollbook.api.event.ReplicaSetDeleted;
import io.rollbook.api.event.RolledBack;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.event.RolloutPaused;
import io.rollbook.api.event.RolloutResumed;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.projection.ProjectionRunner;
import io.rollbook.projections.objects.Subjects;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The latest noteworthy events of the log, newest first, for the live page: Kubernetes events
 * (ScalingReplicaSet, ...), spec changes, rollout milestones, conditions, failures and deletions.
 * Pod lifecycle and status counts are left out: the bars show them. Fed by the projection runner.
 */
public final class RecentEvents implements ProjectionRunner.Sink {

    /**
     * One line of the page's event list.
     *
     * @param level  Normal or Warning, as Kubernetes events have it
     * @param reason a short word: ScalingReplicaSet, Applied, RolloutCompleted, ...
     */
    public record Item(long seq, Instant time, String namespace, String object, String level, String reason,
                       String message, String actor) {
    }

    private final int capacity;
    private final Deque<Item> items = new ArrayDeque<>(); // guarded by this, newest first
    private long seq;

    public RecentEvents(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void apply(EventEnvelope e, int partition, long offset) {
        Item item = describe(e);
        if (item == null) {
            return;
        }
        synchronized (this) {
            items.addFirst(new Item(++seq, item.time(), item.namespace(), item.object(), item.level(), item.reason(),
                    item.message(), item.actor()));
            while (items.size() > capacity) {
                items.removeLast();
            }
        }
    }

    /** The latest events, newest first. */
    public synchronized List<Item> latest() {
        return List.copyOf(new ArrayList<>(items));
    }

    static Item describe(EventEnvelope e) {
        ObjectRef subject = Subjects.subject(e);
        String object = Subjects.display(subject);
        String normal = WellKnown.EVENT_NORMAL;
        String level = normal;
        String reason;
        String message;
        if (e.data() instanceof KubeEventRecorded k) {
            level = k.type() == null ? normal : k.type();
            reason = k.reason();
            message = k.message();
        } else if (e.data() instanceof DeploymentApplied a) {
            reason = "Applied";
            message = "deployment " + a.verb();
        } else if (e.data() instanceof ReplicaSetApplied a) {
            reason = "Applied";
            message = "replicaset " + a.verb();
        } else if (e.data() instanceof RolloutCompleted c) {
            reason = "RolloutCompleted";
            message = "revision " + c.revision() + " successfully rolled out";
        } else if (e.data() instanceof RolledBack b) {
            reason = "RolledBack";
            message = "rolled back to revision " + b.toRevision() + " (now revision " + b.newRevision() + ")";
        } else if (e.data() instanceof RolloutPaused) {
            reason = "Paused";
            message = "rollout paused";
        } else if (e.data() instanceof RolloutResumed) {
            reason = "Resumed";
            message = "rollout resumed";
        } else if (e.data() instanceof ConditionChanged c) {
            level = WellKnown.CONDITION_FALSE.equals(c.status()) ? WellKnown.EVENT_WARNING : normal;
            reason = c.type();
            message = c.type() + "=" + c.status() + (c.reason() == null ? "" : " (" + c.reason() + ")")
                    + (c.message() == null ? "" : ": " + c.message());
        } else if (e.data() instanceof PodFailed f) {
            level = WellKnown.EVENT_WARNING;
            reason = WellKnown.POD_FAILED;
            message = "pod failed: " + f.reason();
        } else if (e.data() instanceof PodCrashed c) {
            level = WellKnown.EVENT_WARNING;
            reason = "BackOff";
            message = "Back-off restarting failed container in pod " + c.pod();
        } else if (e.data() instanceof CommandRejected r) {
            level = WellKnown.EVENT_WARNING;
            reason = "Rejected";
            message = r.reason();
        } else if (e.data() instanceof DeploymentDeleted || e.data() instanceof ReplicaSetDeleted) {
            reason = "Deleted";
            message = "deleted";
        } else {
            return null;
        }
        return new Item(0, e.time(), subject.namespace(), object, level, reason, message, e.actor());
    }
}
