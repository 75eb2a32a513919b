package io.rollbook.engine.kubelet;

import io.rollbook.api.command.ReportPod;
import io.rollbook.api.command.Tick;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.PodCrashed;
import io.rollbook.api.event.PodCreated;
import io.rollbook.api.event.PodRestarted;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.PodFailed;
import io.rollbook.api.event.PodReady;
import io.rollbook.api.event.PodStarted;
import io.rollbook.api.event.PodTerminating;
import io.rollbook.api.event.ReplicaSetApplied;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.ReplicaSetDeleted;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.event.WakeUpScheduled;
import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.PodSpec;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetSpec;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.kubelet.KubeletModel.PlannedReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KubeletModelTest {

    static final String DEPLOY = "default/web";
    static final String BARE = "default/replicasets/front";
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final Stages EXACT = new Stages(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(70), 0,
            null, 1);

    KubeletModel model = new KubeletModel(EXACT);
    long sequence;

    List<PlannedReport> given(String aggregate, Instant time, RollbookEvent data) {
        return model.on(EventEnvelope.of(aggregate, sequence++, time, "c-" + sequence, "tester", data));
    }

    static ReplicaSet rs(String name, String image) {
        return ReplicaSet.of(ObjectMeta.named("default", name), new ReplicaSetSpec(3, null, null,
                new PodTemplateSpec(null, PodSpec.of(Container.of("app", image)))));
    }

    static ReportPod report(PlannedReport r) {
        return (ReportPod) r.payload();
    }

    static List<String> phases(List<PlannedReport> plan) {
        return plan.stream().map(r -> report(r).phase()).toList();
    }

    @Test
    void placementSpreadsPodsOverTheLeastLoadedNodeTiesByName() {
        given(DEPLOY, T0, new ReplicaSetCreated(rs("web-1", "nginx:1.14.2"), 1));
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(report(given(DEPLOY, T0, new PodCreated("p" + i, "web-1", null)).get(0)).node());
        }
        assertThat(nodes).containsExactly("node-1", "node-2", "node-3", "node-1");

        given(DEPLOY, T0, new PodDeleted("p1", "web-1", "node-2"));
        // node-2 now holds nothing, node-1 two, node-3 one
        assertThat(report(given(DEPLOY, T0, new PodCreated("p4", "web-1", null)).get(0)).node()).isEqualTo("node-2");
        assertThat(model.nodeOf(DEPLOY, "p4")).isEqualTo("node-2");
        assertThat(model.nodeOf(DEPLOY, "p1")).isNull();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "nginx:1.14.2,  Running Ready",
        "nginx,         Running Ready",        // no tag: latest
        "nginx:broken,  Running",              // starts, never readies
        "nginx:fail,    Running Crashed",
        "reg:5000/app:fail@sha256:ab, Running Crashed", // a registry port is not a tag; the digest is dropped
        "reg:5000/broken, Running Ready",      // 'broken' is the repository here, not the tag
    })
    void imageTagsChooseThePodsFate(String image, String expected) {
        given(DEPLOY, T0, new ReplicaSetCreated(rs("web-1", image), 1));
        assertThat(String.join(" ", phases(given(DEPLOY, T0, new PodCreated("p0", "web-1", null)))))
                .isEqualTo(expected);
    }

    @Test
    void withoutJitterTimingsAreExactAndIdsDeterministic() {
        given(DEPLOY, T0, new ReplicaSetCreated(rs("web-1", "nginx:1.14.2"), 1));
        List<PlannedReport> plan = given(DEPLOY, T0, new PodCreated("p0", "web-1", null));

        assertThat(plan).extracting(PlannedReport::due).containsExactly(T0.plusMillis(50), T0.plusMillis(150));
        assertThat(plan).extracting(PlannedReport::commandId)
                .containsExactly("kubelet:default/web:p0:Running", "kubelet:default/web:p0:Ready");
        assertThat(plan).extracting(PlannedReport::target).containsOnly(ObjectRef.deployment("default", "web"));
        assertThat(plan.get(1).toCommand(T0).issuedBy()).isEqualTo("kubelet");
        assertThat(plan).allMatch(model::stillWanted);
    }

    @Test
    void aFailingImageCrashesAfterStartingAndIsRestartedInPlace() {
        given(DEPLOY, T0, new ReplicaSetCreated(rs("web-1", "nginx:fail"), 1));
        PlannedReport crash = given(DEPLOY, T0, new PodCreated("p0", "web-1", null)).get(1);
        assertThat(report(crash)).isEqualTo(new ReportPod("p0", "Crashed", "node-1", "CrashLoopBackOff"));
        assertThat(crash.due()).isEqualTo(T0.plusMillis(150));
        assertThat(crash.commandId()).isEqualTo("kubelet:default/web:p0:Crashed-1");

        given(DEPLOY, T0.plusMillis(50), new PodStarted("p0", "web-1", "node-1"));
        PlannedReport restart = given(DEPLOY, T0.plusMillis(150),
                new PodCrashed("p0", "web-1", "node-1", "CrashLoopBackOff")).get(0);
        assertThat(model.stillWanted(crash)).as("the crash is in the log").isFalse();
        assertThat(report(restart)).isEqualTo(new ReportPod("p0", "Restarted", "node-1", null));
        assertThat(restart.due()).as("10 s of back-off").isEqualTo(T0.plusMillis(150).plusSeconds(10));

        PlannedReport again = given(DEPLOY, restart.due(), new PodRestarted("p0", "web-1", "node-1")).get(0);
        assertThat(report(again).phase()).isEqualTo("Crashed");
        assertThat(again.commandId()).isEqualTo("kubelet:default/web:p0:Crashed-2");
        assertThat(again.due()).as("runs for the ready delay, then crashes").isEqualTo(restart.due().plusMillis(100));
        PlannedReport second = given(DEPLOY, again.due(), new PodCrashed("p0", "web-1", "node-1", "CrashLoopBackOff"))
                .get(0);
        assertThat(second.due()).as("the back-off doubles").isEqualTo(again.due().plusSeconds(20));

        given(DEPLOY, second.due(), new PodTerminating("p0", "web-1", "node-1"));
        assertThat(model.stillWanted(second)).as("a terminating pod is not restarted").isFalse();
    }

    /** A log written before restarts in place failed such pods (PodFailed); replayed, it plans no crash for them. */
    @Test
    void anOldLogsFailedPodIsNotCrashedAgain() {
        given(DEPLOY, T0, new ReplicaSetCreated(rs("web-1", "nginx:fail"), 1));
        PlannedReport crash = given(DEPLOY, T0, new PodCreated("p0", "web-1", null)).get(1);
        given(DEPLOY, T0.plusMillis(50), new PodStarted("p0", "web-1", "node-1"));
        assertThat(given(DEPLOY, T0.plusMillis(150), new PodFailed("p0", "web-1", "node-1",
                "CrashLoopBackOff"))).isEmpty();
        assertThat(model.stillWanted(crash)).isFalse();
        assertThat(model.pending()).isZero();
    }

    @ParameterizedTest(name = "after crash {0}: {1} s")
    @CsvSource({"1, 10", "2, 20", "3, 40", "4, 80", "5, 160", "6, 300", "7, 300", "40, 300"})
    void theBackOffDoublesFromTenSecondsToFiveMinutes(int crash, long seconds) {
        assertThat(KubeletModel.backOff(crash)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void terminatingPodReportsTerminatedAfterTheDelayAndNeverReadies() {
        given(DEPLOY, T0, new ReplicaSetCreated(rs("web-1", "nginx:1.14.2"), 1));
        List<PlannedReport> created = given(DEPLOY, T0, new PodCreated("p0", "web-1", null));
        given(DEPLOY, T0.plusMillis(50), new PodStarted("p0", "web-1", "node-1"));
        assertThat(model.stillWanted(created.get(0))).as("Running seen in the log").isFalse();

        Instant t = T0.plusMillis(60);
        List<PlannedReport> plan = given(DEPLOY, t, new PodTerminating("p0", "web-1", "node-1"));

        assertThat(plan).singleElement().satisfies(r -> {
            assertThat(r.due()).isEqualTo(t.plusMillis(70));
            assertThat(report(r)).isEqualTo(new ReportPod("p0", "Terminated", "node-1", null));
        });
        assertThat(model.stillWanted(created.get(1))).as("Ready of a terminating pod").isFalse();
    }

    @Test
    void deletedPodsReportsAreCancelled() {
        given(DEPLOY, T0, new ReplicaSetCreated(rs("web-1", "nginx:1.14.2"), 1));
        List<PlannedReport> p0 = given(DEPLOY, T0, new PodCreated("p0", "web-1", null));
        List<PlannedReport> p1 = given(DEPLOY, T0, new PodCreated("p1", "web-1", null));
        given(DEPLOY, T0, new PodReady("p1", "web-1", "node-2"));

        given(DEPLOY, T0, new PodDeleted("p0", "web-1", null));

        assertThat(p0).noneMatch(model::stillWanted);
        assertThat(p1).noneMatch(model::stillWanted);
        assertThat(model.pending()).isZero();
    }

    @Test
    void deletingAReplicaSetOrDeploymentCancelsItsPodsAndTicks() {
        given(DEPLOY, T0, new ReplicaSetCreated(rs("web-1", "nginx:1.14.2"), 1));
        List<PlannedReport> pod = given(DEPLOY, T0, new PodCreated("p0", "web-1", null));
        List<PlannedReport> tick = given(DEPLOY, T0, new WakeUpScheduled(T0.plusSeconds(5)));
        given(BARE, T0, new ReplicaSetApplied(rs("front", "nginx"), "created"));
        List<PlannedReport> barePod = given(BARE, T0, new PodCreated("f0", "front", null));

        given(DEPLOY, T0, new ReplicaSetDeleted("web-1"));
        assertThat(pod).noneMatch(model::stillWanted);
        assertThat(tick).allMatch(model::stillWanted);

        given(DEPLOY, T0, new DeploymentDeleted("web"));
        assertThat(tick).noneMatch(model::stillWanted);
        assertThat(barePod).allMatch(model::stillWanted);

        given(BARE, T0, new ReplicaSetDeleted("front"));
        assertThat(barePod).noneMatch(model::stillWanted);
        assertThat(model.pending()).isZero();
    }

    @Test
    void wakeUpsBecomeTicksForTheAggregate() {
        Instant at = T0.plusSeconds(2);
        long seq = sequence;
        assertThat(given(DEPLOY, T0, new WakeUpScheduled(at))).containsExactly(new PlannedReport(at,
                ObjectRef.deployment("default", "web"), "tick:default/web:" + at + ":" + seq, new Tick()));
        assertThat(given(BARE, T0, new WakeUpScheduled(at))).singleElement()
                .extracting(PlannedReport::target).isEqualTo(ObjectRef.replicaSet("default", "front"));
    }

    @Test
    void aNewWakeUpReplacesThePlannedTickAsTheEngineKeepsOnlyTheLatest() {
        PlannedReport first = given(DEPLOY, T0, new WakeUpScheduled(T0.plusSeconds(9))).get(0);
        // the engine asks for the same time again when a tick came too early: a fresh tick, under a new id
        PlannedReport again = given(DEPLOY, T0, new WakeUpScheduled(T0.plusSeconds(9))).get(0);
        assertThat(again.commandId()).isNotEqualTo(first.commandId());
        assertThat(model.stillWanted(first)).isFalse();
        PlannedReport second = given(DEPLOY, T0.plusSeconds(3), new WakeUpScheduled(T0.plusSeconds(5))).get(0);
        assertThat(model.stillWanted(again)).isFalse();
        PlannedReport other = given(BARE, T0, new WakeUpScheduled(T0.plusSeconds(4))).get(0);

        assertThat(model.stillWanted(first)).isFalse();
        assertThat(model.stillWanted(second)).isTrue();
        model.sent(second);
        assertThat(model.stillWanted(second)).isFalse();
        assertThat(model.stillWanted(other)).as("another aggregate's tick").isTrue();
    }

    @Test
    void sameSeedGivesTheSamePlanAndJitterOnlyStretches() {
        Stages jittery = EXACT.withJitter(0.5);
        List<PlannedReport> a = run(jittery.withSeed(7));
        List<PlannedReport> b = run(jittery.withSeed(7));
        List<PlannedReport> c = run(jittery.withSeed(8));

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        for (PlannedReport r : a) {
            Duration after = Duration.between(T0, r.due());
            if (report(r).phase().equals("Running")) {
                assertThat(after).isBetween(Duration.ofMillis(50), Duration.ofMillis(75));
            } else {
                assertThat(after).isBetween(Duration.ofMillis(150), Duration.ofMillis(225));
            }
        }
    }

    private static List<PlannedReport> run(Stages stages) {
        KubeletModel m = new KubeletModel(stages);
        List<PlannedReport> plan = new ArrayList<>();
        m.on(EventEnvelope.of(DEPLOY, 0, T0, "c", "t", new ReplicaSetCreated(rs("web-1", "nginx:1"), 1)));
        for (int i = 0; i < 10; i++) {
            plan.addAll(m.on(EventEnvelope.of(DEPLOY, i + 1, T0, "c", "t", new PodCreated("p" + i, "web-1", null))));
        }
        return plan;
    }

    @Test
    void stagesRejectNonsense() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> Stages.defaults().withJitter(1.5)).withMessageContaining("jitter");
        assertThat(Stages.instant().startDelay()).isZero();
        assertThat(Stages.defaults().nodes()).containsExactly("node-1", "node-2", "node-3");
    }
}
