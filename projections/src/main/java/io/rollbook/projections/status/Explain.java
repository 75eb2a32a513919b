package io.rollbook.projections.status;

import io.rollbook.api.event.CanaryAborted;
import io.rollbook.api.event.CanaryCheckEvaluated;
import io.rollbook.api.event.CanaryStepStarted;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.ProgressDeadlineHandled;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.RollingUpdateDeployment;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.state.RevisionOutcome;
import io.rollbook.api.value.IntOrPercent;
import io.rollbook.projections.objects.PodView;
import io.rollbook.projections.objects.Workload;
import io.rollbook.projections.text.HumanDuration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rollbook explain deployment/NAME}: why the Deployment is where it is, in lines, from its
 * live state and the log: the revision and its outcome; paused; the surge ceiling or the
 * availability floor that holds the next step of a rolling update, with the numbers (the fenceposts
 * resolved as deployment_util.go ResolveFenceposts does: surge rounds up, unavailable down, both
 * zero allows one unavailable); which new pods are not ready, on which node, since when; how long
 * until the progress deadline; a canary's step and weights, and its last failed check or abort; the
 * last decision of the progress-deadline rule. Pure: {@code now}
 * comes from the caller.
 */
public final class Explain {

    private Explain() {
    }

    /** The lines of the explanation; the first names the Deployment. */
    public static List<String> lines(Workload w, List<EventEnvelope> log, Instant now) {
        Deployment d = w.deployment();
        List<String> out = new ArrayList<>();
        String revision = d.metadata().annotation(WellKnown.REVISION_ANNOTATION);
        RevisionOutcome outcome = revision == null ? null : w.revisionOutcomes().get(parse(revision));
        out.add("deployment.apps/" + d.metadata().name() + " at revision " + (revision == null ? "<none>" : revision)
                + (outcome == null ? "" : ", " + outcome.outcome() + " since " + outcome.at() + " (" + outcome.reason() + ")"));
        if (d.spec().isPaused()) {
            out.add("paused: no rollout step is taken until `rollout resume`; the progress deadline does not run");
        }
        ReplicaSet newRs = revision == null ? null : w.replicaSets().stream()
                .filter(rs -> revision.equals(rs.metadata().annotation(WellKnown.REVISION_ANNOTATION))).findFirst()
                .orElse(null);
        fenceposts(d, w, newRs, out);
        if (newRs != null) {
            for (PodView p : w.podsOf(newRs.name())) {
                if (!p.ready() && !p.terminating()) {
                    Instant since = p.startedAt() != null ? p.startedAt() : p.createdAt();
                    out.add("new pod " + p.name() + " not ready: " + p.phase()
                            + (p.reason() == null ? "" : " (" + p.reason() + ")") + " on "
                            + (p.node() == null ? "no node yet" : p.node())
                            + (since == null ? "" : " since " + since + " (" + HumanDuration.format(Duration.between(since, now)) + ")"));
                }
            }
        }
        deadline(d, now, out);
        canary(d, log, out);
        for (int i = log.size() - 1; i >= 0; i--) {
            if (log.get(i).data() instanceof ProgressDeadlineHandled h) {
                out.add("last decision of " + h.rule() + " at " + log.get(i).time() + ": " + h.message());
                break;
            }
        }
        return out;
    }

    /**
     * Rollbook's canary: where it is (the step, the weight asked and reached), and the last check that
     * failed or the abort, with what was measured.
     */
    private static void canary(Deployment d, List<EventEnvelope> log, List<String> out) {
        String status = d.metadata().annotation(WellKnown.CANARY_STATUS_ANNOTATION);
        if (status == null) {
            return;
        }
        out.add("canary (" + WellKnown.CANARY_STEPS_ANNOTATION + "): " + status);
        for (int i = log.size() - 1; i >= 0; i--) {
            EventEnvelope e = log.get(i);
            if (e.data() instanceof CanaryCheckEvaluated c && !c.passed()) {
                out.add("last failed check at " + e.time() + ", step " + (c.step() + 1) + ": " + c.check() + " measured "
                        + c.measured() + " against " + c.threshold() + ": " + c.message() + "; " + c.action());
                return;
            }
            if (e.data() instanceof CanaryAborted a) {
                out.add("canary of revision " + a.revision() + " aborted at " + e.time() + " by " + a.actor() + ": "
                        + a.message());
                return;
            }
            if (e.data() instanceof CanaryStepStarted s && s.step() == 0 && !CanaryStepStarted.DONE.equals(s.kind())) {
                return; // the checks before the current canary are not its story
            }
        }
    }

    private static void fenceposts(Deployment d, Workload w, ReplicaSet newRs, List<String> out) {
        if (d.spec().strategy() == null || !d.spec().strategy().isRollingUpdate() || d.spec().isPaused()) {
            return;
        }
        int desired = d.spec().replicasOrDefault();
        RollingUpdateDeployment ru = d.spec().strategy().rollingUpdate();
        int surge = scaled(ru == null ? null : ru.maxSurge(), desired, true);
        int unavailable = scaled(ru == null ? null : ru.maxUnavailable(), desired, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        int total = w.replicaSets().stream().mapToInt(ReplicaSet::specReplicas).sum();
        int available = d.statusOrEmpty().availableReplicas();
        int updated = newRs == null ? 0 : newRs.specReplicas();
        if (updated >= desired && total == desired) {
            return; // nothing left to roll
        }
        if (total >= desired + surge) {
            out.add("surge ceiling: " + total + " pods of at most " + (desired + surge) + " (" + desired + " desired + "
                    + surge + " maxSurge): no new pod until an old one goes");
        }
        if (available <= desired - unavailable) {
            out.add("availability floor: " + available + " available, at least " + (desired - unavailable) + " must stay ("
                    + desired + " desired - " + unavailable + " maxUnavailable): no old pod goes until a new one is available");
        }
    }

    /** intstr.GetScaledValueFromIntOrPercent; a rolling update's defaults are 25%. */
    private static int scaled(IntOrPercent v, int desired, boolean roundUp) {
        if (v == null) {
            v = IntOrPercent.ofString("25%");
        }
        if (v.isInt()) {
            return v.intValue();
        }
        String s = v.stringValue();
        int percent = parseInt(s.endsWith("%") ? s.substring(0, s.length() - 1) : s);
        double value = desired * percent / 100.0;
        return (int) (roundUp ? Math.ceil(value) : Math.floor(value));
    }

    private static void deadline(Deployment d, Instant now, List<String> out) {
        Integer seconds = d.spec().progressDeadlineSeconds();
        DeploymentCondition c = d.statusOrEmpty().condition(WellKnown.DEPLOYMENT_PROGRESSING);
        if (seconds == null || seconds == Integer.MAX_VALUE || c == null || c.lastUpdateTime() == null) {
            return;
        }
        if (WellKnown.TIMED_OUT_REASON.equals(c.reason())) {
            out.add("progress deadline exceeded at " + c.lastUpdateTime() + ": " + c.message());
        } else if (WellKnown.CONDITION_TRUE.equals(c.status()) && !WellKnown.NEW_RS_AVAILABLE_REASON.equals(c.reason())) {
            Instant at = c.lastUpdateTime().plusSeconds(seconds);
            Duration left = Duration.between(now, at);
            out.add("progress deadline at " + at + (left.isNegative() ? " (passed; the next look says so)"
                    : " (in " + HumanDuration.format(left) + ", " + seconds + "s after the last progress)"));
        }
    }

    private static long parse(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int parseInt(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
