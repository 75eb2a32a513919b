package io.rollbook.engine.verbs;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.event.CanaryAborted;
import io.rollbook.api.event.CanaryCheckEvaluated;
import io.rollbook.api.event.CanaryStepStarted;
import io.rollbook.api.event.ProgressDeadlineHandled;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.event.RolledBack;
import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.rollout.RolloutRecord;
import io.rollbook.api.state.RevisionOutcome;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.engine.deployment.util.Annotations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The rollout transitions one command made, for {@code rollbook.rollouts}: the revision outcomes
 * that changed (started, superseded, completed, failed, from the one fold's {@link RevisionOutcome}),
 * the pause flag that flipped (paused, resumed), each {@code RolledBack} (rolled-back) and each canary
 * step entered (step). A
 * transition the progress-deadline rule caused has the actor {@code rollbook-controller}, the
 * rule as its cause and the reason ProgressDeadlineExceeded. Pure: the state before and after,
 * the events, the command.
 */
final class RolloutTransitions {

    /** What the transitions are measured against: the Deployment's outcomes and pause flag before the command. */
    record Before(Map<Long, RevisionOutcome> outcomes, boolean paused) {

        static Before of(WorkloadState state) {
            Deployment d = state.deployment();
            return new Before(state.revisionOutcomes(), d != null && d.spec().isPaused());
        }
    }

    private RolloutTransitions() {
    }

    static List<RolloutRecord> of(CommandEnvelope cmd, Before before, WorkloadState after, List<RollbookEvent> events,
                                  Instant now) {
        Deployment d = after.deployment();
        if (d == null) {
            return List.of();
        }
        Context c = new Context(cmd, after, d, Auto.of(events), now);
        List<RolloutRecord> out = new ArrayList<>();
        Map<Long, RevisionOutcome> outcomes = after.revisionOutcomes();
        // Most commands (a Scale, a pod report) change no revision's outcome: then no outcome
        // transition can be found, and the sorted copy of every revision's outcome is not needed.
        Map<Long, RevisionOutcome> now2 = outcomes.equals(before.outcomes()) ? Map.of() : new TreeMap<>(outcomes);
        changed(before, now2, RevisionOutcome.FAILED).forEach(o -> out.add(c.failed(o)));
        for (RollbookEvent e : events) {
            if (e instanceof RolledBack b) {
                out.add(c.rolledBack(b));
            }
        }
        boolean paused = d.spec().isPaused();
        if (paused != before.paused()) {
            out.add(c.pause(paused));
        }
        changed(before, now2, RevisionOutcome.SUPERSEDED).forEach(o -> out.add(c.superseded(o, now2)));
        changed(before, now2, RevisionOutcome.PROGRESSING).forEach(o -> out.add(c.started(o, before)));
        changed(before, now2, RevisionOutcome.COMPLETE).forEach(o -> out.add(c.completed(o)));
        for (RollbookEvent e : events) {
            if (e instanceof CanaryStepStarted s) {
                out.add(c.step(s));
            }
        }
        return out;
    }

    /** The revisions whose outcome became {@code outcome} in this command. */
    private static List<RevisionOutcome> changed(Before before, Map<Long, RevisionOutcome> after, String outcome) {
        List<RevisionOutcome> out = new ArrayList<>();
        after.forEach((rev, o) -> {
            RevisionOutcome was = before.outcomes().get(rev);
            if (outcome.equals(o.outcome()) && (was == null || !Objects.equals(was.outcome(), o.outcome()))) {
                out.add(o);
            }
        });
        return out;
    }

    /**
     * A decision the engine took by a rule rather than by the command itself: the deadline rule's
     * (ProgressDeadlineHandled), a canary's abort (CanaryAborted) or a canary check's pause.
     */
    private record Auto(String actor, String reason, String rule, String message) {

        static Auto of(List<RollbookEvent> events) {
            for (RollbookEvent e : events) {
                if (e instanceof ProgressDeadlineHandled h) {
                    return new Auto(h.actor(), RolloutRecord.DEADLINE, h.rule(), h.message());
                }
                if (e instanceof CanaryAborted a) {
                    return new Auto(a.actor(), a.reason(), WellKnown.CANARY_STEPS_ANNOTATION, a.message());
                }
                if (e instanceof CanaryCheckEvaluated v && !v.passed()) {
                    return new Auto(ProgressDeadlineHandled.CONTROLLER, RolloutRecord.CHECK_FAILED,
                            WellKnown.CANARY_STEPS_ANNOTATION, v.message());
                }
            }
            return null;
        }
    }

    private record Context(CommandEnvelope cmd, WorkloadState state, Deployment d, Auto rule, Instant now) {

        RolloutRecord failed(RevisionOutcome o) {
            return rule != null && !RolloutRecord.DEADLINE.equals(rule.reason())
                    ? record(RolloutRecord.FAILED, rule.reason(), o.revision(), null, null, rule.actor(), rule.rule(),
                    o.reason())
                    : record(RolloutRecord.FAILED, RolloutRecord.DEADLINE, o.revision(), null, null,
                    ProgressDeadlineHandled.CONTROLLER, null, o.reason());
        }

        /** A canary step entered: {@code step 2 of 5: pause: {duration: 30s}, weight 20% (2 pods)}. */
        RolloutRecord step(CanaryStepStarted s) {
            boolean done = CanaryStepStarted.DONE.equals(s.kind());
            String reason = RolloutRecord.REASONS.get(RolloutRecord.STEP).contains(s.reason()) ? s.reason() : "Canary";
            String actor = CanaryStepStarted.PROMOTE.equals(s.reason()) ? cmd.issuedBy()
                    : ProgressDeadlineHandled.CONTROLLER;
            String message = (done ? "canary done after its " + s.steps() + " steps: the rollout goes on to all replicas"
                    : "step " + (s.step() + 1) + " of " + s.steps() + ": " + s.description())
                    + ", weight " + s.weight() + "% (" + s.replicas() + " pods)";
            return new RolloutRecord(RolloutRecord.VERSION, RolloutRecord.STEP, reason, state.object().namespace(),
                    state.object().name(), s.revision(), null, null, images(s.revision()), actor, cmd.commandId(),
                    WellKnown.CANARY_STEPS_ANNOTATION, message, now, done ? null : s.step() + 1);
        }

        RolloutRecord completed(RevisionOutcome o) {
            return record(RolloutRecord.COMPLETED, "NewReplicaSetAvailable", o.revision(), null, null,
                    ProgressDeadlineHandled.CONTROLLER, null, o.reason());
        }

        RolloutRecord superseded(RevisionOutcome o, Map<Long, RevisionOutcome> after) {
            Long newer = after.entrySet().stream().filter(e -> e.getValue().progressing()).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            return record(RolloutRecord.SUPERSEDED, "NewerRevision", o.revision(), newer, null, cmd.issuedBy(),
                    null, o.reason());
        }

        RolloutRecord started(RevisionOutcome o, Before before) {
            Long previous = before.outcomes().keySet().stream().filter(r -> r != o.revision())
                    .max(Long::compare).orElse(null);
            String cause = rule != null ? rule.rule() : d.metadata().annotation(WellKnown.CHANGE_CAUSE_ANNOTATION);
            return record(RolloutRecord.STARTED, reason(RolloutRecord.STARTED), o.revision(), previous, null, actor(),
                    cause, "revision " + o.revision() + " started rolling out");
        }

        RolloutRecord rolledBack(RolledBack b) {
            String message = rule != null ? rule.message()
                    : "rolled back to revision " + b.toRevision() + " (running again as " + b.newRevision() + ")";
            return record(RolloutRecord.ROLLED_BACK, reason(RolloutRecord.ROLLED_BACK), b.fromRevision(),
                    b.toRevision(), b.newRevision(), actor(), rule == null ? null : rule.rule(), message);
        }

        RolloutRecord pause(boolean paused) {
            String transition = paused ? RolloutRecord.PAUSED : RolloutRecord.RESUMED;
            String message = rule != null && paused ? rule.message() : "rollout " + transition;
            return record(transition, reason(transition), Annotations.revisionOrZero(d), null, null, actor(),
                    rule == null ? null : rule.rule(), message);
        }

        private String actor() {
            return rule != null ? rule.actor() : cmd.issuedBy();
        }

        /** The rule's reason (deadline, canary), else the command's type when the table lists it, else Other. */
        private String reason(String transition) {
            List<String> known = RolloutRecord.REASONS.get(transition);
            String why = rule != null ? rule.reason() : cmd.type();
            return known.contains(why) ? why : "Other";
        }

        private RolloutRecord record(String transition, String reason, long revision, Long related, Long newRevision,
                                     String actor, String cause, String message) {
            return new RolloutRecord(RolloutRecord.VERSION, transition, reason, state.object().namespace(),
                    state.object().name(), revision, related, newRevision, images(revision), actor, cmd.commandId(),
                    cause, message, now);
        }

        /** The images of the live ReplicaSet holding {@code revision}, else the Deployment's when it is its revision. */
        private List<String> images(long revision) {
            for (ReplicaSet rs : state.replicaSets()) {
                Long v = Annotations.revisionOrNull(rs);
                if (v != null && v == revision) {
                    return imagesOf(rs.spec().template());
                }
            }
            return revision == Annotations.revisionOrZero(d) ? imagesOf(d.spec().template()) : List.of();
        }
    }

    private static List<String> imagesOf(PodTemplateSpec t) {
        return t == null || t.spec() == null ? List.of() : t.spec().containers().stream().map(Container::image).toList();
    }

}
