package io.rollbook.engine.controllers;

import io.rollbook.api.event.ConditionChanged;
import io.rollbook.api.event.DeploymentAnnotated;
import io.rollbook.api.event.DeploymentStatusChanged;
import io.rollbook.api.event.KubeEventRecorded;
import io.rollbook.api.event.ReplicaSetAnnotated;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.ReplicaSetDeleted;
import io.rollbook.api.event.ReplicaSetRevisionChanged;
import io.rollbook.api.event.ReplicaSetScaled;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.event.WakeUpScheduled;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.OwnerReference;
import io.rollbook.api.manifest.Pod;
import io.rollbook.api.manifest.PodStatus;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.apiserver.Uids;
import io.rollbook.engine.deployment.Action;
import io.rollbook.engine.deployment.KubeEvent;
import io.rollbook.engine.deployment.Plan;
import io.rollbook.engine.deployment.Reconciler;
import io.rollbook.engine.deployment.util.Conditions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The controller manager at one instant: runs the Deployment controller ({@link Reconciler}, one
 * syncDeployment per round) and the ReplicaSet controller (syncReplicaSet of each ReplicaSet)
 * against one aggregate's state until neither has anything left to do at {@code now}, what a
 * cluster does between two pod reports. Every change goes out as an event, so the log shows each
 * intermediate ReplicaSet size; what upstream leaves to a later requeue is a wake-up here. Once
 * settled, Rollbook's opt-in {@link ProgressDeadlinePolicy} may act on a rollout past its deadline,
 * and the loop reconciles what it wrote. Before each pass Rollbook's opt-in {@link CanaryController}
 * moves a canary's steps on and sets the weight the pass caps the new ReplicaSet by.
 */
public final class ControllerLoop {

    /** Enough for any chain of reactions at one instant; more means a bug, not a big rollout. */
    static final int MAX_ROUNDS = 50;

    private ControllerLoop() {
    }

    /** Reconciles a Deployment and its ReplicaSets to a fixpoint, then asks for a wake-up if time matters. */
    public static void run(WorkloadState state, Instant now, EventSink sink) {
        run(state, now, sink, false);
    }

    /**
     * As {@link #run(WorkloadState, Instant, EventSink)}, for a Tick: if it came before the wake-up
     * it was asked for, the wake-up is asked for again, since that tick has been used up.
     */
    public static void run(WorkloadState state, Instant now, EventSink sink, boolean tick) {
        Duration requeue = null;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (state.deployment() == null) {
                return;
            }
            boolean canary = CanaryController.sync(state, now, sink); // before the pass: it sets the weight
            Deployment d = state.deployment();
            // Only Recreate looks at pods (recreate.go oldPodsRunning): a rolling update is planned from
            // ReplicaSet status alone.
            boolean recreate = d.spec().strategy() != null && d.spec().strategy().isRecreate();
            Plan plan = Reconciler.reconcile(d, state.replicaSets(), recreate ? pods(state) : null, now);
            boolean changed = emitPlan(state, plan, now, sink) | canary;
            requeue = plan.requeueAfter();
            for (ReplicaSet rs : state.replicaSets()) {
                changed |= ReplicaSetController.syncReplicaSet(state, rs.name(), now, sink);
            }
            if (!changed) {
                completeRollout(state, sink);
                List<RollbookEvent> decided = ProgressDeadlinePolicy.decide(state);
                if (!decided.isEmpty()) {
                    decided.forEach(sink::emit); // a rollback or a pause: reconcile the Deployment it wrote
                    continue;
                }
                Instant requeueAt = requeue == null ? null : now.plus(requeue);
                Instant canaryAt = CanaryController.nextLook(state, now);
                if (canaryAt != null && (requeueAt == null || canaryAt.isBefore(requeueAt))) {
                    requeueAt = canaryAt;
                }
                scheduleWakeUp(state, requeueAt, now, sink, tick);
                return;
            }
        }
        throw new IllegalStateException("controller did not settle after " + MAX_ROUNDS + " rounds for "
                + state.deployment().key());
    }

    private static boolean emitPlan(WorkloadState state, Plan plan, Instant now, EventSink sink) {
        for (Action action : plan.actions()) {
            emitAction(state, action, now, sink);
        }
        if (!plan.deploymentAnnotations().isEmpty()) {
            sink.emit(new DeploymentAnnotated(plan.deploymentAnnotations()));
        }
        for (KubeEvent e : plan.events()) {
            sink.emit(new KubeEventRecorded(e.type(), e.reason(), e.message()));
        }
        DeploymentStatus before = state.deployment().statusOrEmpty();
        if (!Objects.equals(plan.status(), before)) {
            for (DeploymentCondition c : plan.status().conditions()) {
                DeploymentCondition old = before.condition(c.type());
                if (old == null || !old.status().equals(c.status()) || !Objects.equals(old.reason(), c.reason())) {
                    sink.emit(new ConditionChanged(c.type(), c.status(), c.reason(), c.message()));
                }
            }
            sink.emit(new DeploymentStatusChanged(plan.status()));
            return true;
        }
        return !plan.actions().isEmpty() || !plan.deploymentAnnotations().isEmpty();
    }

    private static void emitAction(WorkloadState state, Action action, Instant now, EventSink sink) {
        if (action instanceof Action.Create c) {
            Deployment d = state.deployment();
            ReplicaSet rs = c.replicaSetObject();
            var meta = rs.metadata().withCreationTimestamp(now).withGeneration(1L)
                    .withUid(Uids.uid("ReplicaSet/" + d.key() + "/" + rs.name() + "/" + d.metadata().uid()));
            sink.emit(new ReplicaSetCreated(rs.withMetadata(meta), c.revision()));
        } else if (action instanceof Action.Scale s) {
            sink.emit(new ReplicaSetScaled(s.replicaSet(), s.from(), s.to(), s.annotations()));
        } else if (action instanceof Action.Annotate a) {
            String before = state.replicaSet(a.replicaSet()).metadata().annotation(WellKnown.REVISION_ANNOTATION);
            sink.emit(new ReplicaSetAnnotated(a.replicaSet(), a.annotations(), a.minReadySeconds()));
            String after = a.annotations().get(WellKnown.REVISION_ANNOTATION);
            if (before != null && after != null && !before.equals(after)) {
                sink.emit(new ReplicaSetRevisionChanged(a.replicaSet(), Long.parseLong(before), Long.parseLong(after)));
            }
        } else if (action instanceof Action.Delete del) {
            sink.emit(new ReplicaSetDeleted(del.replicaSet()));
        }
    }

    /**
     * RolloutCompleted once per revision, when every replica is updated and available
     * (deployment_util.go DeploymentComplete): an event for readers of the log, upstream has none.
     */
    private static void completeRollout(WorkloadState state, EventSink sink) {
        Deployment d = state.deployment();
        String revision = d.metadata().annotation(WellKnown.REVISION_ANNOTATION);
        if (revision == null || !Conditions.deploymentComplete(d, d.statusOrEmpty())) {
            return;
        }
        long rev = Long.parseLong(revision);
        if (rev != state.completedRevision()) {
            sink.emit(new RolloutCompleted(rev));
        }
    }

    /**
     * The earliest of the progress-deadline re-check (progress.go requeueStuckDeployment) and a pod
     * turning available (minReadySeconds), as a {@code WakeUpScheduled}: upstream's requeue-after,
     * carried by a Tick command so that replays see the same time.
     */
    private static void scheduleWakeUp(WorkloadState state, Instant requeueAt, Instant now, EventSink sink,
                                       boolean tick) {
        Instant next = requeueAt;
        for (ReplicaSet rs : state.replicaSets()) {
            Instant at = ReplicaSetController.nextAvailability(rs, state.podsOf(rs.name()), now);
            next = next == null || (at != null && at.isBefore(next)) ? (at == null ? next : at) : next;
        }
        if (next != null && !next.isAfter(now)) {
            next = now.plusSeconds(1);
        }
        if (WakeUps.schedule(state.wakeUpAt(), next, now, tick)) {
            sink.emit(new WakeUpScheduled(next));
        }
    }

    /** The pods as v1 objects for the Deployment controller (Recreate waits on them). */
    static List<Pod> pods(WorkloadState state) {
        return state.pods().stream().map(p -> new Pod(Pod.API_VERSION, Pod.KIND,
                ObjectMeta.named(null, p.name())
                        .withOwnerReferences(ownerOf(state, p.replicaSet()))
                        .withDeletionTimestamp(p.deletionTimestamp()),
                null, new PodStatus(p.phase(), null, null, null, null))).toList();
    }

    private static List<OwnerReference> ownerOf(WorkloadState state, String rsName) {
        ReplicaSet rs = state.replicaSet(rsName);
        String uid = rs == null ? null : rs.metadata().uid();
        return List.of(new OwnerReference(ReplicaSet.API_VERSION, ReplicaSet.KIND, rsName, uid, true, true));
    }
}
