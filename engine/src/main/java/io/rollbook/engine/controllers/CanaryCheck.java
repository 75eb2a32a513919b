package io.rollbook.engine.controllers;

import io.rollbook.api.canary.CanaryStep;
import io.rollbook.api.event.CanaryCheckEvaluated;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.state.CanaryState;
import io.rollbook.api.state.PodState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of a canary, measured from what the engine already knows about the canary ReplicaSet's
 * pods (no metrics provider): restarts and failed pods, how long a pod has not been ready, the share
 * of its pods that are ready. A check declared at step i holds from step i until the canary ends.
 */
final class CanaryCheck {

    /** One check's measure against its threshold. */
    record Verdict(CanaryStep.Check check, long measured, boolean passed, String message) {

        CanaryCheckEvaluated event(CanaryState c, String action) {
            return new CanaryCheckEvaluated(c.revision(), c.step(), check.describe(), check.measure(), measured,
                    check.threshold(), passed, passed ? "none" : action, message);
        }
    }

    private CanaryCheck() {
    }

    /** The verdict of every check in force now; a minReadyShare before its {@code after} is not measured yet. */
    static List<Verdict> measureAll(CanaryController.Canary canary) {
        List<Verdict> out = new ArrayList<>();
        for (CanaryStep.Check check : inForce(canary)) {
            Verdict v = measure(canary, check);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** When a check in force will next have something new to say: a pod's readyWithin, a share's after. */
    static List<Instant> nextMeasures(CanaryController.Canary canary) {
        List<Instant> out = new ArrayList<>();
        for (CanaryStep.Check check : inForce(canary)) {
            if (CanaryStep.Check.READY_WITHIN.equals(check.measure())) {
                for (PodState p : canary.pods()) {
                    if (p.active() && !p.ready()) {
                        out.add(p.createdAt().plusSeconds(check.threshold()));
                    }
                }
            } else if (CanaryStep.Check.MIN_READY_SHARE.equals(check.measure())) {
                out.add(canary.clockStart().plus(check.after()));
            }
        }
        return out;
    }

    private static List<CanaryStep.Check> inForce(CanaryController.Canary canary) {
        List<CanaryStep.Check> out = new ArrayList<>();
        int upTo = Math.min(canary.state().step(), canary.steps().size() - 1);
        for (int i = 0; i <= upTo; i++) {
            if (canary.steps().get(i) instanceof CanaryStep.Check c) {
                out.add(c);
            }
        }
        return out;
    }

    private static Verdict measure(CanaryController.Canary canary, CanaryStep.Check check) {
        String rs = canary.rs() == null ? "the canary ReplicaSet" : "ReplicaSet " + canary.rs().name();
        long t = check.threshold();
        switch (check.measure()) {
            case CanaryStep.Check.MAX_RESTARTS -> {
                long restarts = 0;
                long failed = 0;
                for (PodState p : canary.pods()) {
                    restarts += p.restartCount();
                    failed += WellKnown.POD_FAILED.equals(p.phase()) ? 1 : 0;
                }
                long m = restarts + failed;
                return new Verdict(check, m, m <= t, rs + ": " + restarts + " restarts and " + failed
                        + " failed pods, " + m + (m <= t ? " within" : " over") + " maxRestarts " + t);
            }
            case CanaryStep.Check.READY_WITHIN -> {
                PodState oldest = null;
                for (PodState p : canary.pods()) {
                    if (p.active() && !p.ready() && (oldest == null || p.createdAt().isBefore(oldest.createdAt()))) {
                        oldest = p;
                    }
                }
                long age = oldest == null ? 0 : Duration.between(oldest.createdAt(), canary.now()).toSeconds();
                boolean passed = age < t;
                return new Verdict(check, age, passed, oldest == null ? rs + ": every pod ready"
                        : rs + ": pod " + oldest.name() + " not ready " + age + "s after its creation"
                        + (passed ? ", within" : ", not within") + " readyWithin " + t + "s");
            }
            default -> {
                if (canary.elapsed().compareTo(check.after()) < 0) {
                    return null;
                }
                int spec = canary.rs() == null ? 0 : canary.rs().specReplicas();
                long ready = canary.pods().stream().filter(p -> p.active() && p.ready()).count();
                long share = spec == 0 ? 100 : Math.min(100, ready * 100 / spec);
                boolean passed = share >= t;
                return new Verdict(check, share, passed, rs + ": " + ready + " of " + spec + " pods ready ("
                        + share + "%) " + check.after().toSeconds() + "s into the step, "
                        + (passed ? "at least" : "below") + " minReadyShare " + t + "%");
            }
        }
    }
}
