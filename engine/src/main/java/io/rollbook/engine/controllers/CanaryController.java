package io.rollbook.engine.controllers;

import io.rollbook.api.canary.CanaryStep;
import io.rollbook.api.canary.CanarySteps;
import io.rollbook.api.event.CanaryAborted;
import io.rollbook.api.event.CanaryCheckEvaluated;
import io.rollbook.api.event.CanaryPromoted;
import io.rollbook.api.event.CanaryStepStarted;
import io.rollbook.api.event.DeploymentAnnotated;
import io.rollbook.api.event.ProgressDeadlineHandled;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.state.CanaryState;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.engine.deployment.util.Annotations;
import io.rollbook.engine.deployment.util.Fenceposts;
import io.rollbook.engine.deployment.util.ReplicaSets;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rollbook's canary on a plain RollingUpdate Deployment, opt-in with {@code rollbook.io/canary-steps}
 * (upstream has no such strategy). A rollout to a template no ReplicaSet holds, from ReplicaSets that
 * have pods, walks the steps; the controller writes the weight in force as
 * {@code rollbook.io/canary-weight}, which the RollingUpdate takes as a cap, and moves on when a step is
 * reached:
 * <ul>
 *   <li>{@code setWeight: N}: when the new ReplicaSet has its round(N% of replicas) pods, all available,
 *       and the old ones are down to the rest;</li>
 *   <li>{@code pause: {duration: D}}: D after the step began, or after the last rollout resume (a
 *       paused Deployment does not move: the clock counts afresh from the resume);
 *       {@code pause: {}}: never by itself, only by a promote;</li>
 *   <li>{@code check: {...}}: at once; the check is held from then on, at every round, and a failure
 *       aborts the canary (or pauses the rollout).</li>
 * </ul>
 * Past the last step the weight is 100 and the rollout ends as upstream's. A rollout back to a template a
 * ReplicaSet still holds ({@code rollout undo}, an abort) is no canary. Every step entered is a
 * {@code CanaryStepStarted}; every check verdict a {@code CanaryCheckEvaluated}. Pure: state in, events out.
 */
public final class CanaryController {

    private CanaryController() {
    }

    /**
     * One look at the canary before the Deployment controller's pass: start one, keep the weight
     * annotation right, hold the checks, move on from a reached step. True when it emitted anything.
     */
    static boolean sync(WorkloadState state, Instant now, EventSink sink) {
        Deployment d = state.deployment();
        if (d == null || d.metadata().deletionTimestamp() != null) {
            return false;
        }
        List<CanaryStep> steps = steps(d);
        boolean changed = steps != null && start(state, d, steps, sink);
        CanaryState c = current(state, steps);
        changed |= syncWeight(state.deployment(), c, sink);
        changed |= syncStatus(state, steps, c, now, sink);
        if (c == null || state.deployment().spec().isPaused()) {
            return changed;
        }
        Canary canary = Canary.of(state, steps, c, now);
        List<CanaryCheck.Verdict> verdicts = CanaryCheck.measureAll(canary);
        if (canary.rs() != null && holdChecks(state, canary, verdicts, sink)) {
            return true;
        }
        return advance(canary, verdicts, sink) || changed;
    }

    /** The steps of {@code d}, or null when it has none (or, never after validation, unreadable ones). */
    static List<CanaryStep> steps(Deployment d) {
        return Fenceposts.isRollingUpdate(d)
                ? CanarySteps.parseOrNull(d.metadata().annotation(WellKnown.CANARY_STEPS_ANNOTATION)) : null;
    }

    /** The running canary of the revision the Deployment rolls out now, or null. */
    public static CanaryState current(WorkloadState state) {
        Deployment d = state.deployment();
        return d == null ? null : current(state, steps(d));
    }

    private static CanaryState current(WorkloadState state, List<CanaryStep> steps) {
        CanaryState c = state.canary();
        if (c == null || !c.running() || steps == null) {
            return null;
        }
        return c.revision() == targetRevision(state.deployment(), state.replicaSets()) ? c : null;
    }

    /**
     * The revision the Deployment's template runs as: its ReplicaSet's when that holds the highest
     * revision, else one more than the highest (getNewReplicaSet's MaxRevision + 1, also for an old
     * ReplicaSet an undo brings back).
     */
    static long targetRevision(Deployment d, List<ReplicaSet> rss) {
        ReplicaSet newRs = ReplicaSets.findNew(d, rss);
        long max = ReplicaSets.maxRevision(rss);
        Long own = newRs == null ? null : Annotations.revisionOrNull(newRs);
        return own != null && own == max ? max : max + 1;
    }

    /** A canary begins with a template no ReplicaSet holds, when old ReplicaSets have pods to stay on. */
    private static boolean start(WorkloadState state, Deployment d, List<CanaryStep> steps, EventSink sink) {
        List<ReplicaSet> rss = state.replicaSets();
        if (ReplicaSets.findNew(d, rss) != null || ReplicaSets.specSum(rss) == 0) {
            return false; // a known template (an undo) or a first rollout: straight to spec.replicas
        }
        long revision = ReplicaSets.maxRevision(rss) + 1;
        CanaryState c = state.canary();
        if (c != null && c.revision() == revision) {
            return false;
        }
        sink.emit(stepStarted(d, steps, revision, 0, CanaryStepStarted.STARTED));
        return true;
    }

    static CanaryStepStarted stepStarted(Deployment d, List<CanaryStep> steps, long revision, int index,
                                         String reason) {
        int weight = CanarySteps.weightAt(steps, index);
        int replicas = new CanaryStep.SetWeight(weight).replicas(d.spec().replicasOrDefault());
        boolean done = index >= steps.size();
        return new CanaryStepStarted(revision, Math.min(index, steps.size()), steps.size(),
                done ? CanaryStepStarted.DONE : steps.get(index).kind(), weight, replicas,
                done ? CanaryStepStarted.DONE : steps.get(index).describe(), reason);
    }

    /** {@code rollbook.io/canary-weight}: the running canary's weight, else 100 once one was written. */
    private static boolean syncWeight(Deployment d, CanaryState c, EventSink sink) {
        String have = d.metadata().annotation(WellKnown.CANARY_WEIGHT_ANNOTATION);
        String want = c != null ? Integer.toString(c.weight()) : have == null ? null : "100";
        if (want == null || want.equals(have)) {
            return false;
        }
        sink.emit(new DeploymentAnnotated(Map.of(WellKnown.CANARY_WEIGHT_ANNOTATION, want)));
        return true;
    }

    /**
     * {@code rollbook.io/canary-status} and {@code rollbook.io/canary-reached}: the step, the weight asked
     * and the share of ready pods the new ReplicaSet has; after a canary, how it ended and the share of
     * ready pods on the Deployment's template. Written only for a Deployment that had a canary.
     */
    private static boolean syncStatus(WorkloadState state, List<CanaryStep> steps, CanaryState c, Instant now,
                                      EventSink sink) {
        Deployment d = state.deployment();
        CanaryState last = state.canary();
        if (last == null) {
            return false;
        }
        Canary canary = Canary.of(state, steps == null ? List.of() : steps, c == null ? last : c, now);
        int allReady = ReplicaSets.readySum(state.replicaSets());
        int newReady = canary.rs() == null ? 0 : canary.rs().statusOrEmpty().readyReplicas();
        int reached = allReady == 0 ? 0 : newReady * 100 / allReady;
        String status = c != null ? "step " + (c.step() + 1) + " of " + c.steps() + " (" + c.description() + "): asked "
                + c.weight() + "% (" + canary.asked() + " of " + d.spec().replicasOrDefault() + " pods), reached "
                + reached + "% (" + newReady + " of " + allReady + " ready pods are new)"
                : "canary of revision " + last.revision() + (CanaryState.ABORTED.equals(last.finished())
                ? " aborted at step " + (last.step() + 1) + " of " + last.steps()
                : CanaryState.DONE.equals(last.finished()) ? " done after its " + last.steps() + " steps"
                : " left at step " + (last.step() + 1) + " of " + last.steps()) + "; no canary in progress";
        Map<String, String> want = Map.of(WellKnown.CANARY_STATUS_ANNOTATION, status,
                WellKnown.CANARY_REACHED_ANNOTATION, Integer.toString(reached));
        if (want.entrySet().stream().allMatch(e -> e.getValue().equals(d.metadata().annotation(e.getKey())))) {
            return false;
        }
        sink.emit(new DeploymentAnnotated(new TreeMap<>(want)));
        return true;
    }

    /**
     * Every check declared at or before the current step, held against the canary ReplicaSet. The first
     * that fails (and has not already paused the rollout at this step) acts: abort or pause.
     */
    private static boolean holdChecks(WorkloadState state, Canary canary, List<CanaryCheck.Verdict> verdicts,
                                      EventSink sink) {
        for (CanaryCheck.Verdict v : verdicts) {
            if (v.passed() || canary.state().pausedChecks().contains(
                    CanaryState.checkKey(canary.state().step(), v.check().describe()))) {
                continue;
            }
            String action = v.check().onFail();
            sink.emit(v.event(canary.state(), action));
            if (CanaryStep.Check.PAUSE.equals(action)) {
                ProgressDeadlinePolicy.pause(state.deployment(), "canary-check-paused").forEach(sink::emit);
            } else {
                abort(state, canary.state(), CanaryAborted.CHECK_FAILED, ProgressDeadlineHandled.CONTROLLER,
                        v.message(), sink);
            }
            return true;
        }
        return false;
    }

    /** A reached step: each check's passing verdict, then the next step (or done). */
    private static boolean advance(Canary canary, List<CanaryCheck.Verdict> verdicts, EventSink sink) {
        if (!canary.reached()) {
            return false;
        }
        CanaryState c = canary.state();
        for (CanaryCheck.Verdict v : verdicts) {
            sink.emit(v.event(c, "none"));
        }
        sink.emit(stepStarted(canary.d(), canary.steps(), c.revision(), c.step() + 1, CanaryStepStarted.REACHED));
        return true;
    }

    /**
     * {@code rollout promote}: the next step now (or, {@code full}, past every step). The events; empty
     * never (the caller has checked that a canary runs).
     */
    public static List<RollbookEvent> promote(WorkloadState state, CanaryState c, boolean full) {
        Deployment d = state.deployment();
        List<CanaryStep> steps = steps(d);
        int next = full ? steps.size() : c.step() + 1;
        return List.of(new CanaryPromoted(c.revision(), c.step(), full),
                stepStarted(d, steps, c.revision(), next, CanaryStepStarted.PROMOTE));
    }

    /**
     * The canary stops: CanaryAborted (its revision is failed), then the stable revision's template is
     * restored (the newest complete one, renumbered as for an undo), so every replica goes back to it.
     * With no complete revision to go to, the rollout is paused instead.
     */
    public static void abort(WorkloadState state, CanaryState c, String reason, String actor, String why,
                             EventSink sink) {
        Deployment d = state.deployment();
        ReplicaSet stable = ProgressDeadlinePolicy.newestComplete(state, c.revision());
        String message = why + (stable == null ? "; no complete revision to return to, so paused"
                : "; back to revision " + Annotations.revisionOrNull(stable) + ", the stable one (running again as "
                + ProgressDeadlinePolicy.newRevision(state, stable) + ")");
        List<RollbookEvent> events = new ArrayList<>();
        events.add(new CanaryAborted(c.revision(), c.step(), reason, actor, message));
        events.addAll(stable == null ? ProgressDeadlinePolicy.pause(d, "canary-aborted")
                : ProgressDeadlinePolicy.restore(state, d, stable, "canary-aborted"));
        events.forEach(sink::emit);
    }

    /** When the canary wants to look again: a timed pause's end, a check's next measure; null for none. */
    static Instant nextLook(WorkloadState state, Instant now) {
        Deployment d = state.deployment();
        List<CanaryStep> steps = d == null ? null : steps(d);
        CanaryState c = current(state, steps);
        if (c == null || d.spec().isPaused()) {
            return null;
        }
        Canary canary = Canary.of(state, steps, c, now);
        Instant next = canary.pauseEnds();
        for (Instant at : CanaryCheck.nextMeasures(canary)) {
            next = next == null || at.isBefore(next) ? at : next;
        }
        return next != null && next.isAfter(now) ? next : null;
    }

    /** One canary at one instant: its Deployment, steps, state, the canary ReplicaSet and its pods. */
    record Canary(Deployment d, List<CanaryStep> steps, CanaryState state, ReplicaSet rs, List<PodState> pods,
                  List<ReplicaSet> old, Instant now) {

        static Canary of(WorkloadState ws, List<CanaryStep> steps, CanaryState c, Instant now) {
            Deployment d = ws.deployment();
            List<ReplicaSet> rss = ws.replicaSets();
            ReplicaSet rs = ReplicaSets.findNew(d, rss);
            return new Canary(d, steps, c, rs, rs == null ? List.of() : ws.podsOf(rs.name()),
                    ReplicaSets.findOld(rs, rss), now);
        }

        CanaryStep step() {
            return state.step() < steps.size() ? steps.get(state.step()) : null;
        }

        /** The new ReplicaSet's pods the weight in force asks for, at today's spec.replicas. */
        int asked() {
            return new CanaryStep.SetWeight(state.weight()).replicas(d.spec().replicasOrDefault());
        }

        /** When the step began, or the last resume after it. */
        Instant clockStart() {
            Instant resumed = state.resumedAt();
            return resumed != null && resumed.isAfter(state.startedAt()) ? resumed : state.startedAt();
        }

        Instant pauseEnds() {
            return step() instanceof CanaryStep.Pause p && p.duration() != null ? clockStart().plus(p.duration()) : null;
        }

        boolean reached() {
            CanaryStep s = step();
            if (s == null) {
                return true;
            }
            if (s instanceof CanaryStep.SetWeight) {
                return weightReached();
            }
            if (s instanceof CanaryStep.Pause) {
                Instant end = pauseEnds();
                return end != null && !now.isBefore(end);
            }
            return true; // a check holds from here on; nothing to wait for
        }

        /** The new ReplicaSet at the asked size with every pod available, the old ones down to the rest. */
        boolean weightReached() {
            int asked = asked();
            int newPods = rs == null ? 0 : rs.specReplicas();
            int available = rs == null ? 0 : rs.statusOrEmpty().availableReplicas();
            return newPods == asked && available >= asked
                    && ReplicaSets.specSum(old) <= d.spec().replicasOrDefault() - asked;
        }

        Duration elapsed() {
            return Duration.between(clockStart(), now);
        }
    }
}
