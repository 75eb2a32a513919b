package io.rollbook.engine.verbs;

import io.rollbook.api.command.Apply;
import io.rollbook.api.command.Pause;
import io.rollbook.api.command.ReportPod;
import io.rollbook.api.command.Resume;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.command.Tick;
import io.rollbook.api.event.ConditionChanged;
import io.rollbook.api.event.ProgressDeadlineHandled;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.state.PodState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rollbook's opt-in rule for a rollout past its progress deadline
 * ({@code rollbook.io/on-progress-deadline}), driven through the decider with a kubelet that never
 * readies a pod whose image is tagged {@code broken}. The Deployment is the seed's nginx (3
 * replicas, surge 1, unavailable 1) with {@code progressDeadlineSeconds: 30}; each row starts from
 * revision 1 rolled out. Steps: {@code image X} (set image), {@code wait N} (N seconds pass, then a
 * Tick and the kubelet), {@code pause}, {@code resume}, {@code rule R} (apply the Deployment with
 * the annotation changed), {@code lose-pod} (a ready pod of revision 1 fails), {@code quick X}
 * (set image, and the next step comes before the kubelet moves).
 */
class AutomaticRollbackTest {

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            // the rule rolls back to the newest complete revision, which runs again as 3 and completes
            "rollback | image nginx:broken; wait 40      | 1 complete, 2 failed, 3 complete | rollback 2>1=3 | false | nginx:1.14.2",
            "pause    | image nginx:broken; wait 40      | 1 complete, 2 failed             | pause 2        | true  | nginx:broken",
            "notify   | image nginx:broken; wait 40      | 1 complete, 2 failed             | notify 2       | false | nginx:broken",
            // without the annotation: upstream-exact, the condition says it and nothing else happens
            "''       | image nginx:broken; wait 40      | 1 complete, 2 failed             | ''             | false | nginx:broken",
            // before the deadline nothing is decided
            "rollback | image nginx:broken; wait 20      | 1 complete, 2 progressing        | ''             | false | nginx:broken",
            // merely unavailable, no rollout: never a rollback
            "rollback | lose-pod; wait 40; wait 40       | 1 complete                       | ''             | false | nginx:1.14.2",
            // two failed revisions in a row: back to the last complete one, never to the failed 2
            "notify   | image nginx:broken; wait 40; rule rollback; image nginx:broken-too; wait 40 | 1 complete, 2 failed, 3 failed, 4 complete | notify 2, rollback 3>1=4 | false | nginx:1.14.2",
            // a pause during the deadline stops the clock; the deadline counts afresh from the resume
            "rollback | image nginx:broken; wait 20; pause; wait 60; resume; wait 20 | 1 complete, 2 progressing | ''  | false | nginx:broken",
            "rollback | image nginx:broken; wait 20; pause; wait 60; resume; wait 20; wait 20 | 1 complete, 2 failed, 3 complete | rollback 2>1=3 | false | nginx:1.14.2",
            // the newest complete revision is the target; a superseded one is never
            "rollback | image nginx:1.16.1; image nginx:broken; wait 40 | 1 complete, 2 complete, 3 failed, 4 complete | rollback 3>2=4 | false | nginx:1.16.1",
            "rollback | quick nginx:1.16.1; image nginx:broken; wait 40 | 1 complete, 2 superseded, 3 failed, 4 complete | rollback 3>1=4 | false | nginx:1.14.2",
    })
    void actsOnceOnARolloutPastItsDeadline(String rule, String steps, String outcomes, String decisions,
                                           boolean paused, String image) throws Exception {
        Simulation sim = started(rule);
        for (String step : steps.split(";")) {
            run(sim, step.strip());
        }
        assertThat(outcomes(sim)).isEqualTo(outcomes);
        assertThat(decisions(sim)).isEqualTo(decisions);
        Deployment d = sim.state.deployment();
        assertThat(d.spec().isPaused()).isEqualTo(paused);
        assertThat(d.spec().template().spec().containers().get(0).image()).isEqualTo(image);
    }

    @Test
    void aRollbackThatItselfFailsPausesInsteadOfLooping() throws Exception {
        Simulation sim = started("rollback");
        run(sim, "image nginx:broken");
        run(sim, "wait 20");
        brokenEverything = true; // from now on no pod becomes ready, not even revision 1's (its registry went away)
        run(sim, "wait 20"); // 2 failed: rolled back to 1, running again as 3, which never becomes ready
        run(sim, "wait 40"); // 3 failed too
        run(sim, "wait 40");

        assertThat(outcomes(sim)).isEqualTo("1 complete, 2 failed, 3 failed");
        assertThat(decisions(sim)).isEqualTo("rollback 2>1=3, pause 3");
        assertThat(sim.state.deployment().spec().isPaused()).isTrue();
        assertThat(sim.log).filteredOn(ProgressDeadlineHandled.class::isInstance)
                .map(ProgressDeadlineHandled.class::cast).allSatisfy(e -> assertThat(e.actor())
                        .isEqualTo("rollbook-controller"));
    }

    @Test
    void theDecisionCarriesTheMeasuredFactsAndTheRule() throws Exception {
        Simulation sim = started("rollback");
        run(sim, "image nginx:broken");
        run(sim, "wait 40");

        ProgressDeadlineHandled e = sim.log.stream().filter(ProgressDeadlineHandled.class::isInstance)
                .map(ProgressDeadlineHandled.class::cast).findFirst().orElseThrow();
        assertThat(e.revision()).isEqualTo(2);
        assertThat(e.replicaSet()).startsWith("nginx-deployment-");
        assertThat(e.rollingSince()).isNotNull();
        assertThat(e.deadlineSeconds()).isEqualTo(30);
        assertThat(e.newReady()).isZero();
        assertThat(e.desired()).isEqualTo(3);
        assertThat(e.rule()).isEqualTo("rollbook.io/on-progress-deadline=rollback");
        assertThat(e.actor()).isEqualTo("rollbook-controller");
        assertThat(e.message()).contains("revision 2").contains("made no progress for 30s: 0 of 3 new pods ready")
                .contains("rolled back to revision 1");
        assertThat(sim.log).filteredOn(ConditionChanged.class::isInstance).map(ConditionChanged.class::cast)
                .anySatisfy(c -> assertThat(c.reason()).isEqualTo("ProgressDeadlineExceeded"));
    }

    @Test
    void eachTransitionOfTheRollbackIsOneRolloutRecord() throws Exception {
        Simulation sim = started("rollback");
        run(sim, "image nginx:broken");
        run(sim, "wait 40");

        assertThat(sim.rollouts).extracting(r -> r.transition() + " " + r.revision() + " " + r.reason() + " "
                + r.actor() + " " + String.join(",", r.images())).containsExactly(
                "started 1 Apply tester nginx:1.14.2",
                "completed 1 NewReplicaSetAvailable rollbook-controller nginx:1.14.2",
                "started 2 SetImage tester nginx:broken",
                "failed 2 ProgressDeadlineExceeded rollbook-controller nginx:broken",
                "rolled-back 2 ProgressDeadlineExceeded rollbook-controller nginx:broken",
                "started 3 ProgressDeadlineExceeded rollbook-controller nginx:1.14.2",
                "completed 3 NewReplicaSetAvailable rollbook-controller nginx:1.14.2");
        assertThat(sim.rollouts.get(4).relatedRevision()).isEqualTo(1L);
        assertThat(sim.rollouts.get(4).newRevision()).isEqualTo(3L);
        assertThat(sim.rollouts.get(4).cause()).isEqualTo("rollbook.io/on-progress-deadline=rollback");
    }

    @Test
    void pauseAndResumeAreTransitionsToo() throws Exception {
        Simulation sim = started("");
        run(sim, "image nginx:broken");
        run(sim, "pause");
        run(sim, "resume");
        run(sim, "image nginx:1.16.1");

        assertThat(sim.rollouts).extracting(r -> r.transition() + " " + r.revision() + " " + r.reason()).containsExactly(
                "started 1 Apply", "completed 1 NewReplicaSetAvailable", "started 2 SetImage", "paused 2 Pause",
                "resumed 2 Resume", "superseded 2 NewerRevision", "started 3 SetImage",
                "completed 3 NewReplicaSetAvailable");
    }

    @Test
    void anUnknownRuleIsRefusedByValidation() throws Exception {
        Simulation sim = new Simulation("nginx-deployment");
        Deployment d = withRule(Simulation.example("nginx-deployment.yaml"), "explode");

        assertThatThrownBy(() -> sim.apply(d)).isInstanceOf(Rejection.class)
                .hasMessageContaining("metadata.annotations[rollbook.io/on-progress-deadline]: Unsupported value: "
                        + "\"explode\": supported values: \"notify\", \"pause\", \"rollback\"");
        assertThat(sim.state.deployment()).isNull();
    }

    private boolean brokenEverything;

    private Simulation started(String rule) throws Exception {
        Simulation sim = new Simulation("nginx-deployment");
        Deployment d = Simulation.example("nginx-deployment.yaml");
        d = d.withSpec(d.spec().withProgressDeadlineSeconds(30));
        sim.apply(rule.isEmpty() ? d : withRule(d, rule));
        kubelet(sim);
        return sim;
    }

    private static Deployment withRule(Deployment d, String rule) {
        return d.withMetadata(d.metadata().withAnnotations(
                Maps.with(d.metadata().annotations(), WellKnown.ON_PROGRESS_DEADLINE_ANNOTATION, rule)));
    }

    private void run(Simulation sim, String step) {
        String[] w = step.split(" ", 2);
        switch (w[0]) {
            case "image" -> sim.send(new SetImage(Map.of("nginx", w[1])));
            case "quick" -> { // set image, and no kubelet before the next step
                sim.send(new SetImage(Map.of("nginx", w[1])));
                return;
            }
            case "wait" -> {
                sim.now = sim.now.plusSeconds(Long.parseLong(w[1]));
                sim.send(new Tick());
            }
            case "pause" -> sim.send(new Pause());
            case "resume" -> sim.send(new Resume());
            case "rule" -> sim.send(new Apply(withRule(sim.state.deployment().withStatus(null), w[1])));
            case "lose-pod" -> {
                PodState ready = sim.state.pods().stream().filter(PodState::ready).findFirst().orElseThrow();
                sim.send(new ReportPod(ready.name(), "Failed", ready.node(), "Error"));
            }
            default -> throw new IllegalArgumentException(step);
        }
        kubelet(sim);
    }

    /** Starts every pending pod and readies every running one, unless its image is broken; removes terminating pods. */
    private void kubelet(Simulation sim) {
        sim.kubeletUnless(this::broken);
    }

    private boolean broken(PodState p) {
        return brokenEverything || p.template().spec().containers().get(0).image().contains("broken");
    }

    private static String outcomes(Simulation sim) {
        return sim.outcomes();
    }

    /** {@code rollback 2>1=3}: the action, the failed revision, and for a rollback its target and new number. */
    private static String decisions(Simulation sim) {
        StringJoiner out = new StringJoiner(", ");
        sim.log.stream().filter(ProgressDeadlineHandled.class::isInstance).map(ProgressDeadlineHandled.class::cast)
                .forEach(e -> out.add(e.action() + " " + e.revision()
                        + (e.toRevision() > 0 ? ">" + e.toRevision() + "=" + e.newRevision() : "")));
        return out.toString();
    }
}
