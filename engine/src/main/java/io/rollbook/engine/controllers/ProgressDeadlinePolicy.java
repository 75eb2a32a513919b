package io.rollbook.engine.controllers;

import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.ProgressDeadlineHandled;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.event.RolledBack;
import io.rollbook.api.event.RolloutPaused;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.state.RevisionOutcome;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.engine.deployment.util.Annotations;
import io.rollbook.engine.deployment.util.ReplicaSets;

import java.util.ArrayList;
import java.util.List;

/**
 * Rollbook's rule for a rollout past its progress deadline, opt-in per Deployment with the
 * annotation {@code rollbook.io/on-progress-deadline: rollback | pause | notify}. Upstream stops at
 * the condition (Progressing False, ProgressDeadlineExceeded: "timing out stops nothing"); this rule
 * then acts, once per failed revision, with the actor {@code rollbook-controller}:
 * <ul>
 *   <li>only on a rollout: the current revision's outcome must be {@code failed}, which the fold gives
 *       only to a revision that was still rolling out. A Deployment that completed and later lost
 *       pods (merely unavailable) is never acted on;</li>
 *   <li>{@code rollback} restores the template of the newest live revision whose outcome is
 *       {@code complete} (never a failed one), as rollback.go rollbackToTemplate does; with none,
 *       or when the failed revision is itself an automatic rollback, it pauses instead (no loop);</li>
 *   <li>{@code pause} sets {@code spec.paused}; {@code notify} only records the decision.</li>
 * </ul>
 * A paused Deployment never times out (Sync.checkPausedConditions sets Progressing Unknown, and the
 * deadline counts afresh from the resume), so the rule never fires while paused. Pure: state in, events out.
 */
public final class ProgressDeadlinePolicy {

    static final List<String> RULES = List.of(ProgressDeadlineHandled.NOTIFY, ProgressDeadlineHandled.PAUSE,
            ProgressDeadlineHandled.ROLLBACK);

    private ProgressDeadlinePolicy() {
    }

    /** The events of the rule's decision for {@code state}; empty when it has nothing to decide. */
    public static List<RollbookEvent> decide(WorkloadState state) {
        Deployment d = state.deployment();
        String rule = d == null ? null : d.metadata().annotation(WellKnown.ON_PROGRESS_DEADLINE_ANNOTATION);
        if (rule == null || !RULES.contains(rule) || d.spec().isPaused() || !timedOut(d)) {
            return List.of();
        }
        long revision = Annotations.revisionOrZero(d);
        RevisionOutcome outcome = state.revisionOutcome(revision);
        if (outcome == null || !RevisionOutcome.FAILED.equals(outcome.outcome())
                || state.progressDeadlineHandled(revision)) {
            return List.of();
        }
        Facts facts = Facts.of(state, d, revision, outcome, rule);
        if (ProgressDeadlineHandled.NOTIFY.equals(rule)) {
            return List.of(facts.handled(ProgressDeadlineHandled.NOTIFY, 0, 0, facts.summary() + "; notify only"));
        }
        if (ProgressDeadlineHandled.PAUSE.equals(rule)) {
            return pause(d, facts, facts.summary() + "; paused");
        }
        if (state.startedByAutomaticRollback(revision)) {
            return pause(d, facts, facts.summary() + "; it is itself an automatic rollback, so paused instead of"
                    + " rolling back again");
        }
        ReplicaSet target = newestComplete(state, revision);
        if (target == null) {
            return pause(d, facts, facts.summary() + "; no complete revision to roll back to, so paused");
        }
        return rollback(state, d, facts, target);
    }

    /** Progressing is False with reason ProgressDeadlineExceeded (deployment_util.go DeploymentTimedOut has said so). */
    private static boolean timedOut(Deployment d) {
        DeploymentCondition c = d.statusOrEmpty().condition(WellKnown.DEPLOYMENT_PROGRESSING);
        return c != null && WellKnown.CONDITION_FALSE.equals(c.status()) && WellKnown.TIMED_OUT_REASON.equals(c.reason());
    }

    /** The live ReplicaSet of the highest revision other than {@code failed} whose outcome is complete, or null. */
    static ReplicaSet newestComplete(WorkloadState state, long failed) {
        ReplicaSet best = null;
        long bestRevision = 0;
        for (ReplicaSet rs : state.replicaSets()) {
            Long v = revisionOrNull(rs);
            RevisionOutcome o = v == null ? null : state.revisionOutcome(v);
            if (v != null && v != failed && v > bestRevision && o != null
                    && RevisionOutcome.COMPLETE.equals(o.outcome())) {
                best = rs;
                bestRevision = v;
            }
        }
        return best;
    }

    private static List<RollbookEvent> pause(Deployment d, Facts facts, String message) {
        List<RollbookEvent> events = new ArrayList<>();
        events.add(facts.handled(ProgressDeadlineHandled.PAUSE, 0, 0, message));
        events.addAll(pause(d, "auto-paused"));
        return events;
    }

    /** {@code spec.paused} set by the engine, as {@code rollout pause} would: the spec change and RolloutPaused. */
    static List<RollbookEvent> pause(Deployment d, String verb) {
        return List.of(new DeploymentApplied(bump(d.withSpec(d.spec().withPaused(true))), verb), new RolloutPaused());
    }

    private static List<RollbookEvent> rollback(WorkloadState state, Deployment d, Facts facts, ReplicaSet target) {
        long to = revisionOrNull(target);
        long newRevision = newRevision(state, target);
        List<RollbookEvent> events = new ArrayList<>();
        events.add(facts.handled(ProgressDeadlineHandled.ROLLBACK, to, newRevision, facts.summary()
                + "; rolled back to revision " + to + ", the newest complete one (running again as " + newRevision
                + ")"));
        events.addAll(restore(state, d, target, "auto-rolled-back"));
        return events;
    }

    /**
     * rollback.go rollbackToTemplate: the template of {@code target} without its hash, and its
     * annotations (SetDeploymentAnnotationsTo); the controller renumbers it as one more than any other
     * revision, as for {@code rollout undo}. The Deployment write and the RolledBack.
     */
    static List<RollbookEvent> restore(WorkloadState state, Deployment d, ReplicaSet target, String verb) {
        Deployment next = d.withSpec(d.spec().withTemplate(ReplicaSets.withoutHash(target.spec().template())));
        next = next.withMetadata(next.metadata().withAnnotations(
                Annotations.setDeploymentAnnotationsTo(d.metadata().annotations(), target.metadata().annotations())));
        return List.of(new DeploymentApplied(bump(next), verb),
                new RolledBack(Annotations.revisionOrZero(d), revisionOrNull(target), newRevision(state, target)));
    }

    /** The revision {@code target} runs again as: one more than any other ReplicaSet's. */
    static long newRevision(WorkloadState state, ReplicaSet target) {
        return 1 + state.replicaSets().stream().filter(rs -> rs != target)
                .mapToLong(rs -> {
                    Long v = revisionOrNull(rs);
                    return v == null ? 0 : v;
                }).max().orElse(0);
    }

    /** A spec change: generation + 1, as the API server does; the status is not part of the write. */
    private static Deployment bump(Deployment d) {
        return d.withStatus(null).withMetadata(d.metadata().withGeneration(d.metadata().generationOrZero() + 1));
    }


    private static Long revisionOrNull(ReplicaSet rs) {
        return Annotations.revisionOrNull(rs);
    }

    /** What the rule saw: the failed revision, its new ReplicaSet and how far it got. */
    private record Facts(long revision, ReplicaSet newRs, RevisionOutcome outcome, int deadline, int newReady,
                         int desired, String rule) {

        static Facts of(WorkloadState state, Deployment d, long revision, RevisionOutcome outcome, String rule) {
            ReplicaSet newRs = ReplicaSets.findNew(d, state.replicaSets());
            int ready = newRs == null ? 0 : newRs.statusOrEmpty().readyReplicas();
            Integer deadline = d.spec().progressDeadlineSeconds(); // timed out, so set; a stored Deployment has it
            return new Facts(revision, newRs, outcome, deadline == null ? 0 : deadline, ready,
                    d.spec().replicasOrDefault(), rule);
        }

        /** "revision 2 (ReplicaSet web-5d8f) rolling out since T made no progress for 30s: 0 of 3 new pods ready". */
        String summary() {
            return "revision " + revision + (newRs == null ? "" : " (ReplicaSet " + newRs.name() + ")")
                    + (outcome.since() == null ? "" : " rolling out since " + outcome.since())
                    + " made no progress for " + deadline + "s: " + newReady + " of " + desired
                    + " new pods ready";
        }

        ProgressDeadlineHandled handled(String action, long to, long newRevision, String message) {
            return new ProgressDeadlineHandled(revision, newRs == null ? null : newRs.name(), outcome.since(),
                    deadline, newReady, desired, WellKnown.ON_PROGRESS_DEADLINE_ANNOTATION + "=" + rule, action, to,
                    newRevision, ProgressDeadlineHandled.CONTROLLER, message);
        }
    }
}
