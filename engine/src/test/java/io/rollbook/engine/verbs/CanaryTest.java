package io.rollbook.engine.verbs;

import io.rollbook.api.command.Abort;
import io.rollbook.api.command.Pause;
import io.rollbook.api.command.Promote;
import io.rollbook.api.command.ReportPod;
import io.rollbook.api.command.Resume;
import io.rollbook.api.command.Scale;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.command.Tick;
import io.rollbook.api.command.Undo;
import io.rollbook.api.event.CanaryAborted;
import io.rollbook.api.event.CanaryCheckEvaluated;
import io.rollbook.api.event.CanaryStepStarted;
import io.rollbook.api.event.ReplicaSetScaled;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.rollout.RolloutRecord;
import io.rollbook.api.state.PodState;
import io.rollbook.engine.deployment.util.ReplicaSets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The canary step machine ({@code rollbook.io/canary-steps}), driven through the decider on
 * {@code examples/canary.yaml}: 10 replicas, maxSurge 1, maxUnavailable 1, revision 1 rolled out,
 * and by default the example's steps {@code check readyWithin 20s; setWeight 20; pause 30s;
 * setWeight 50; pause {}; setWeight 100} (numbered 1 to 6 below). The kubelet readies every pod at
 * once, except those of an image tagged {@code broken}. Commands: {@code image X}, {@code wait N}
 * (N seconds, then a Tick), {@code pause}, {@code resume}, {@code promote}, {@code promote-full},
 * {@code abort}, {@code scale N}, {@code undo}, {@code crash} (one ready canary pod fails).
 * {@code entered}: the steps entered, in order; {@code pods}: the current template's ReplicaSet and the
 * others, in spec.replicas.
 */
class CanaryTest {

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            // the check holds at once, 20% is 2 of 10 pods, then the timed pause waits
            "'' | image nginx:1.16.1                              | 1 2 3           | 2/8  | 1 complete, 2 progressing | false",
            // 30 s later: 50%, then the pause until promoted
            "'' | image nginx:1.16.1; wait 30                     | 1 2 3 4 5       | 5/5  | 1 complete, 2 progressing | false",
            "'' | image nginx:1.16.1; wait 30; wait 600           | 1 2 3 4 5       | 5/5  | 1 complete, 2 progressing | false",
            // promote ends the pause; 100% and then done, the rollout completes
            "'' | image nginx:1.16.1; wait 30; promote            | 1 2 3 4 5 6 done | 10/0 | 1 complete, 2 complete    | false",
            // promote does not wait for a timed pause, nor for a weight
            "'' | image nginx:1.16.1; promote                     | 1 2 3 4 5       | 5/5  | 1 complete, 2 progressing | false",
            "'' | image nginx:1.16.1; promote-full                | 1 2 3 done      | 10/0 | 1 complete, 2 complete    | false",
            // a rollout pause during the timed step stops its clock: it counts afresh from the resume
            "'' | image nginx:1.16.1; wait 20; pause; wait 60; resume; wait 20 | 1 2 3 | 2/8 | 1 complete, 2 progressing | false",
            "'' | image nginx:1.16.1; wait 20; pause; wait 60; resume; wait 20; wait 10 | 1 2 3 4 5 | 5/5 | 1 complete, 2 progressing | false",
            // scale during a canary: the weight applies to the new spec.replicas (20% of 20 is 4)
            "'' | image nginx:1.16.1; scale 20                    | 1 2 3           | 4/16 | 1 complete, 2 progressing | false",
            "'' | image nginx:1.16.1; scale 20; wait 30           | 1 2 3 4 5       | 10/10 | 1 complete, 2 progressing | false",
            // undo during a canary: back to the stable template, no canary for it (running again as 3)
            "'' | image nginx:1.16.1; undo                        | 1 2 3           | 10/0 | 1 complete, 2 rolled-back, 3 complete | false",
            // abort: every replica back to the stable revision, the canary's revision failed
            "'' | image nginx:1.16.1; wait 30; abort              | 1 2 3 4 5       | 10/0 | 1 complete, 2 failed, 3 complete | false",
            // a check failing at each step: readyWithin in the first weight
            "'' | image nginx:broken; wait 25                     | 1 2             | 10/0 | 1 complete, 2 failed, 3 complete | false",
            // maxRestarts 0 in the timed pause, in the pause until promoted, at 100%
            "[check: {maxRestarts: 0}, setWeight: 20, pause: {duration: 30s}, setWeight: 50, pause: {}, setWeight: 100] | image nginx:1.16.1; crash | 1 2 3 | 10/0 | 1 complete, 2 failed, 3 complete | false",
            "[check: {maxRestarts: 0}, setWeight: 20, pause: {duration: 30s}, setWeight: 50, pause: {}, setWeight: 100] | image nginx:1.16.1; wait 30; crash | 1 2 3 4 5 | 10/0 | 1 complete, 2 failed, 3 complete | false",
            "[setWeight: 20, pause: {}, setWeight: 60, check: {maxRestarts: 0}, pause: {}, setWeight: 100] | image nginx:1.16.1; promote; crash | 1 2 3 4 5 | 10/0 | 1 complete, 2 failed, 3 complete | false",
            // a check declared later does not hold before its step
            "[setWeight: 20, pause: {}, check: {maxRestarts: 0}, pause: {}] | image nginx:1.16.1; crash | 1 2 | 2/8 | 1 complete, 2 progressing | false",
            // onFail pause: the rollout pauses, the canary stays where it was (a paused Deployment's sync
            // tops the ReplicaSets up to replicas + maxSurge proportionally, as upstream's: the old one gets it)
            "[check: {maxRestarts: 0, onFail: pause}, setWeight: 20, pause: {}] | image nginx:1.16.1; crash | 1 2 3 | 2/9 | 1 complete, 2 progressing | true",
            // resumed, the same check does not pause again in the same step; promote goes on
            "[check: {maxRestarts: 0, onFail: pause}, setWeight: 20, pause: {}, setWeight: 50] | image nginx:1.16.1; crash; resume; promote | 1 2 3 4 done | 10/0 | 1 complete, 2 complete | false",
            // minReadyShare, measured 10 s into a step
            // (the broken pods are unavailable: maxSurge and maxUnavailable stop it at 2 new, 9 old)
            "[check: {minReadyShare: 100, after: 10s}, setWeight: 30, pause: {}] | image nginx:broken; wait 5 | 1 2 | 2/9 | 1 complete, 2 progressing | false",
            "[check: {minReadyShare: 100, after: 10s}, setWeight: 30, pause: {}] | image nginx:broken; wait 5; wait 5 | 1 2 | 10/0 | 1 complete, 2 failed, 3 complete | false",
            // setWeight 0 keeps every pod on the old ReplicaSet until promoted
            "[setWeight: 0, pause: {}] | image nginx:1.16.1             | 1 2             | 0/10 | 1 complete, 2 progressing | false",
    })
    void walksTheSteps(String annotation, String commands, String entered, String pods, String outcomes,
                       boolean paused) throws Exception {
        Simulation sim = started(annotation);
        for (String command : commands.split(";")) {
            run(sim, command.strip());
        }
        assertThat(entered(sim)).isEqualTo(entered);
        assertThat(pods(sim)).isEqualTo(pods);
        assertThat(outcomes(sim)).isEqualTo(outcomes);
        assertThat(sim.state.deployment().spec().isPaused()).isEqualTo(paused);
    }

    /**
     * The example's steps with {@code maxRestarts: 0} as the check, a broken image (so no weight is ever
     * reached and promote moves it), promoted N times, then one canary pod fails: the check aborts in
     * the step it is in, every replica goes back to revision 1, and revision 2 is failed.
     */
    @ParameterizedTest(name = "promoted {0} times: aborted in step {1}")
    @CsvSource({"0, 2", "1, 3", "2, 4", "3, 5", "4, 6"})
    void aCheckFailingAtEachStepAbortsInThatStep(int promotes, int step) throws Exception {
        Simulation sim = started("[check: {maxRestarts: 0}, setWeight: 20, pause: {duration: 30s}, setWeight: 50,"
                + " pause: {}, setWeight: 100]");
        run(sim, "image nginx:broken");
        for (int i = 0; i < promotes; i++) {
            run(sim, "promote");
        }
        ReplicaSet canary = ReplicaSets.findNew(sim.state.deployment(), sim.state.replicaSets());
        PodState pod = sim.state.podsOf(canary.name()).get(0);
        run(sim, "fail " + pod.name());

        CanaryAborted aborted = sim.log.stream().filter(CanaryAborted.class::isInstance)
                .map(CanaryAborted.class::cast).findFirst().orElseThrow();
        assertThat(aborted.step() + 1).isEqualTo(step);
        assertThat(aborted.reason()).isEqualTo(CanaryAborted.CHECK_FAILED);
        assertThat(pods(sim)).isEqualTo("10/0");
        assertThat(outcomes(sim)).isEqualTo("1 complete, 2 failed, 3 complete");
    }

    @Test
    void neverMoreThanMaxSurgeNorFewerThanMaxUnavailableAllow() throws Exception {
        Simulation sim = started("");
        sim.afterEachCommand = s -> {
            // 10 replicas, maxSurge 1, maxUnavailable 1: at most 11 pods, at least 9 available
            assertThat(ReplicaSets.specSum(s.replicaSets())).as("pods").isLessThanOrEqualTo(11);
            assertThat(ReplicaSets.availableSum(s.replicaSets())).as("available").isGreaterThanOrEqualTo(9);
        };
        run(sim, "image nginx:1.16.1");
        run(sim, "wait 30");
        run(sim, "promote");

        assertThat(sim.log).filteredOn(ReplicaSetScaled.class::isInstance).map(ReplicaSetScaled.class::cast)
                .anySatisfy(e -> assertThat(e.to()).isEqualTo(2)).anySatisfy(e -> assertThat(e.to()).isEqualTo(5));
    }

    @Test
    void eachStepIsOneRolloutRecordWithItsActor() throws Exception {
        Simulation sim = started("");
        run(sim, "image nginx:1.16.1");
        run(sim, "wait 30");
        run(sim, "promote");

        assertThat(sim.rollouts).filteredOn(r -> RolloutRecord.STEP.equals(r.transition()))
                .extracting(r -> r.step() + " " + r.reason() + " " + r.actor() + " " + r.message()).containsExactly(
                        "1 Started rollbook-controller step 1 of 6: check: {readyWithin: 20s}, weight 0% (0 pods)",
                        "2 Canary rollbook-controller step 2 of 6: setWeight: 20, weight 20% (2 pods)",
                        "3 Canary rollbook-controller step 3 of 6: pause: {duration: 30s}, weight 20% (2 pods)",
                        "4 Canary rollbook-controller step 4 of 6: setWeight: 50, weight 50% (5 pods)",
                        "5 Canary rollbook-controller step 5 of 6: pause: {}, weight 50% (5 pods)",
                        "6 Promote tester step 6 of 6: setWeight: 100, weight 100% (10 pods)",
                        "null Canary rollbook-controller canary done after its 6 steps: the rollout goes on to all "
                                + "replicas, weight 100% (10 pods)");
        assertThat(sim.rollouts).extracting(RolloutRecord::transition).containsSubsequence("started", "step",
                "completed");
    }

    @Test
    void aFailedCheckSaysWhatItMeasuredAndAborts() throws Exception {
        Simulation sim = started("");
        run(sim, "image nginx:broken");
        run(sim, "wait 25");

        CanaryCheckEvaluated failed = sim.log.stream().filter(CanaryCheckEvaluated.class::isInstance)
                .map(CanaryCheckEvaluated.class::cast).filter(e -> !e.passed()).findFirst().orElseThrow();
        assertThat(failed.check()).isEqualTo("check: {readyWithin: 20s}");
        assertThat(failed.measured()).isGreaterThanOrEqualTo(20);
        assertThat(failed.threshold()).isEqualTo(20);
        assertThat(failed.action()).isEqualTo("abort");
        assertThat(failed.message()).contains("not ready").contains("not within readyWithin 20s");
        CanaryAborted aborted = sim.log.stream().filter(CanaryAborted.class::isInstance)
                .map(CanaryAborted.class::cast).findFirst().orElseThrow();
        assertThat(aborted.reason()).isEqualTo(CanaryAborted.CHECK_FAILED);
        assertThat(aborted.actor()).isEqualTo("rollbook-controller");
        assertThat(aborted.message()).contains("back to revision 1");
        assertThat(sim.rollouts).extracting(r -> r.transition() + " " + r.revision() + " " + r.reason())
                .contains("failed 2 CanaryCheckFailed", "rolled-back 2 CanaryCheckFailed");
        assertThat(sim.state.deployment().spec().template().spec().containers().get(0).image())
                .isEqualTo("nginx:1.14.2");
    }

    @Test
    void aReachedStepRecordsEachCheckPassing() throws Exception {
        Simulation sim = started("");
        run(sim, "image nginx:1.16.1");

        assertThat(sim.log).filteredOn(CanaryCheckEvaluated.class::isInstance).map(CanaryCheckEvaluated.class::cast)
                .extracting(e -> e.step() + " " + e.passed() + " " + e.measured() + "/" + e.threshold())
                .containsExactly("0 true 0/20", "1 true 0/20");
    }

    @Test
    void theStatusSaysTheStepAndTheWeightAskedAndReached() throws Exception {
        Simulation sim = started("");
        run(sim, "image nginx:1.16.1");
        assertThat(annotations(sim)).isEqualTo("step 3 of 6 (pause: {duration: 30s}): asked 20% (2 of 10 pods), "
                + "reached 20% (2 of 10 ready pods are new) | 20 | 20");

        Simulation broken = started("");
        run(broken, "image nginx:broken");
        assertThat(annotations(broken)).isEqualTo("step 2 of 6 (setWeight: 20): asked 20% (2 of 10 pods), "
                + "reached 0% (0 of 9 ready pods are new) | 0 | 20");

        run(sim, "wait 30");
        run(sim, "promote");
        assertThat(annotations(sim)).isEqualTo("canary of revision 2 done after its 6 steps; no canary in progress"
                + " | 100 | 100");
        run(broken, "wait 25");
        assertThat(annotations(broken)).isEqualTo("canary of revision 2 aborted at step 2 of 6; no canary in progress"
                + " | 100 | 100");
    }

    /** The canary's status, reached and weight annotations on the Deployment. */
    private static String annotations(Simulation sim) {
        var meta = sim.state.deployment().metadata();
        return meta.annotation(WellKnown.CANARY_STATUS_ANNOTATION) + " | "
                + meta.annotation(WellKnown.CANARY_REACHED_ANNOTATION) + " | "
                + meta.annotation(WellKnown.CANARY_WEIGHT_ANNOTATION);
    }

    @Test
    void abortIsRecordedWithItsActor() throws Exception {
        Simulation sim = started("");
        run(sim, "image nginx:1.16.1");
        Decision d = sim.send(new Abort());

        assertThat(d.message()).isEqualTo("deployment.apps/nginx-canary aborted");
        assertThat(d.rollouts()).extracting(r -> r.transition() + " " + r.reason() + " " + r.actor())
                .contains("failed Abort tester", "rolled-back Abort tester", "started Abort tester");
    }

    @Test
    void promoteAndAbortAreRefusedWithoutACanary() throws Exception {
        Simulation sim = started("");
        assertThatThrownBy(() -> sim.send(new Promote(false))).isInstanceOf(Rejection.class)
                .hasMessage("deployments.apps \"nginx-canary\" has no canary in progress");

        Simulation plain = new Simulation("nginx-deployment");
        plain.apply(Simulation.example("nginx-deployment.yaml"));
        assertThatThrownBy(() -> plain.send(new Abort())).isInstanceOf(Rejection.class)
                .hasMessage("deployments.apps \"nginx-deployment\" has no canary steps (annotation "
                        + "rollbook.io/canary-steps)");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "[setWeight: 120]                | step 1: setWeight must be between 0 and 100, was 120",
            "[setWeight: 20, pause: {for: 1}] | step 2: pause takes {} or {duration: D}",
            "[pause: {duration: soon}]       | step 1: pause duration must be a duration such as 30s, 5m or 1h, was \"soon\"",
            "[rollback: now]                 | step 1: unknown step \"rollback\": must be setWeight, pause or check",
            "[check: {maxRestarts: 1, onFail: ignore}] | step 1: onFail must be abort or pause, was \"ignore\"",
            "setWeight                       | must be a non-empty list of steps (setWeight, pause, check)",
    })
    void invalidStepsAreRefusedAtApplyAndNothingChanges(String steps, String detail) throws Exception {
        Simulation sim = new Simulation("nginx-canary");
        Deployment d = withSteps(Simulation.example("canary.yaml"), steps);

        assertThatThrownBy(() -> sim.apply(d)).isInstanceOf(Rejection.class)
                .hasMessageContaining("metadata.annotations[rollbook.io/canary-steps]: Invalid value: ")
                .hasMessageContaining(detail);
        assertThat(sim.state.deployment()).isNull();
        assertThat(sim.log).isEmpty();
    }

    @Test
    void stepsOnARecreateDeploymentAreRefused() throws Exception {
        Simulation sim = new Simulation("recreate");
        Deployment d = Simulation.example("recreate-deployment.yaml");
        Deployment withSteps = d.withMetadata(d.metadata().withName("recreate").withAnnotations(Maps.with(
                d.metadata().annotations(), WellKnown.CANARY_STEPS_ANNOTATION, "[setWeight: 20]")));

        assertThatThrownBy(() -> sim.apply(withSteps)).isInstanceOf(Rejection.class)
                .hasMessageContaining("canary steps need spec.strategy.type RollingUpdate");
    }

    @Test
    void withoutTheAnnotationNothingOfTheCanaryHappens() throws Exception {
        Simulation sim = new Simulation("nginx-deployment");
        sim.apply(Simulation.example("nginx-deployment.yaml"));
        sim.settle();
        sim.send(new SetImage(Map.of("nginx", "nginx:1.16.1")));
        sim.settle();

        assertThat(sim.log).noneMatch(e -> e.getClass().getSimpleName().startsWith("Canary"));
        assertThat(sim.state.deployment().metadata().annotation(WellKnown.CANARY_WEIGHT_ANNOTATION)).isNull();
        assertThat(sim.rollouts).noneMatch(r -> RolloutRecord.STEP.equals(r.transition()));
    }

    @Test
    void theFirstRolloutIsNoCanary() throws Exception {
        Simulation sim = started("");
        assertThat(sim.log).noneMatch(CanaryStepStarted.class::isInstance);
        assertThat(pods(sim)).isEqualTo("10/0");
    }

    private Simulation started(String steps) throws Exception {
        Simulation sim = new Simulation("nginx-canary");
        Deployment d = Simulation.example("canary.yaml");
        sim.apply(steps.isEmpty() ? d : withSteps(d, steps));
        kubelet(sim);
        return sim;
    }

    private static Deployment withSteps(Deployment d, String steps) {
        return d.withMetadata(d.metadata().withAnnotations(
                Maps.with(d.metadata().annotations(), WellKnown.CANARY_STEPS_ANNOTATION, steps)));
    }

    private void run(Simulation sim, String command) {
        String[] w = command.split(" ", 2);
        switch (w[0]) {
            case "image" -> sim.send(new SetImage(Map.of("nginx", w[1])));
            case "wait" -> {
                sim.now = sim.now.plusSeconds(Long.parseLong(w[1]));
                sim.send(new Tick());
            }
            case "pause" -> sim.send(new Pause());
            case "resume" -> sim.send(new Resume());
            case "promote" -> sim.send(new Promote(false));
            case "promote-full" -> sim.send(new Promote(true));
            case "abort" -> sim.send(new Abort());
            case "scale" -> sim.send(new Scale(Integer.parseInt(w[1])));
            case "undo" -> sim.send(new Undo(0));
            case "fail" -> {
                PodState pod = sim.state.pod(w[1]);
                sim.send(new ReportPod(pod.name(), "Failed", pod.node(), "Error"));
            }
            case "crash" -> {
                ReplicaSet canary = ReplicaSets.findNew(sim.state.deployment(), sim.state.replicaSets());
                PodState pod = sim.state.podsOf(canary.name()).stream().filter(PodState::ready).findFirst()
                        .orElseThrow();
                sim.send(new ReportPod(pod.name(), "Failed", pod.node(), "Error"));
            }
            default -> throw new IllegalArgumentException(command);
        }
        kubelet(sim);
    }

    /** Starts every pending pod and readies every running one unless its image is broken; removes terminating pods. */
    private static void kubelet(Simulation sim) {
        sim.kubeletUnless(CanaryTest::broken);
    }

    private static boolean broken(PodState p) {
        return p.template().spec().containers().get(0).image().contains("broken");
    }

    private static String entered(Simulation sim) {
        StringJoiner out = new StringJoiner(" ");
        sim.log.stream().filter(CanaryStepStarted.class::isInstance).map(CanaryStepStarted.class::cast)
                .forEach(e -> out.add(CanaryStepStarted.DONE.equals(e.kind()) ? "done" : Integer.toString(e.step() + 1)));
        return out.toString();
    }

    private static String pods(Simulation sim) {
        List<ReplicaSet> rss = sim.state.replicaSets();
        ReplicaSet current = ReplicaSets.findNew(sim.state.deployment(), rss);
        int mine = current == null ? 0 : current.specReplicas();
        return mine + "/" + (ReplicaSets.specSum(rss) - mine);
    }

    private static String outcomes(Simulation sim) {
        return sim.outcomes();
    }
}
