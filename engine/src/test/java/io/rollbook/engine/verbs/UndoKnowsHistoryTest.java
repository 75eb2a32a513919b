package io.rollbook.engine.verbs;

import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.ReportPod;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.command.Tick;
import io.rollbook.api.command.Undo;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.state.PodState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code rollout undo} knows how each revision ended: revision 1 complete, 2 failed (nginx:broken,
 * past its 30 s deadline, rule notify), 3 complete (nginx:1.16.1), current. A failed target is
 * refused unless forced; any other target rolls back as kubectl's undo does.
 */
class UndoKnowsHistoryTest {

    @ParameterizedTest(name = "undo --to-revision={0} --force={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "2 | false | Conflict: revision 2 failed at",           // nothing changed
            "2 | true  | rolled back to nginx:broken",              // forced: the operator knows
            "1 | false | rolled back to nginx:1.14.2",              // complete: as kubectl does
            "0 | false | Conflict: revision 2 failed at",           // the previous revision is the failed one too
            "0 | true  | rolled back to nginx:broken",
    })
    void aFailedRevisionIsRefusedUnlessForced(long toRevision, boolean force, String expected) throws Exception {
        Simulation sim = history();
        List<RollbookEvent> before = List.copyOf(sim.log);
        Deployment was = sim.state.deployment();

        Rejection refused = catchThrowableOfType(() -> sim.send(new Undo(toRevision, force)), Rejection.class);

        if (expected.startsWith("Conflict")) {
            assertThat(refused).isNotNull();
            assertThat(refused.reason()).isEqualTo(Outcome.Reason.Conflict);
            assertThat(refused.getMessage()).startsWith("revision 2 failed at ")
                    .contains("has timed out progressing.").endsWith("use --force to roll back to it anyway");
            assertThat(sim.log).isEqualTo(before);
            assertThat(sim.state.deployment()).isEqualTo(was);
        } else {
            assertThat(refused).isNull();
            assertThat(sim.state.deployment().spec().template().spec().containers().get(0).image())
                    .isEqualTo(expected.substring("rolled back to ".length()));
        }
    }

    /** Revisions 1 complete, 2 failed, 3 complete. */
    private static Simulation history() throws Exception {
        Simulation sim = new Simulation("nginx-deployment");
        Deployment d = Simulation.example("nginx-deployment.yaml");
        d = d.withSpec(d.spec().withProgressDeadlineSeconds(30)).withMetadata(d.metadata().withAnnotations(
                Maps.with(d.metadata().annotations(), WellKnown.ON_PROGRESS_DEADLINE_ANNOTATION, "notify")));
        sim.apply(d);
        kubelet(sim);
        sim.send(new SetImage(Map.of("nginx", "nginx:broken")));
        kubelet(sim);
        sim.now = sim.now.plusSeconds(40);
        sim.send(new Tick());
        sim.send(new SetImage(Map.of("nginx", "nginx:1.16.1")));
        kubelet(sim);
        assertThat(sim.state.revisionOutcome(2).outcome()).isEqualTo("failed");
        assertThat(sim.state.revisionOutcome(3).outcome()).isEqualTo("complete");
        return sim;
    }

    private static void kubelet(Simulation sim) {
        for (int i = 0; i < 200; i++) {
            PodState next = sim.state.pods().stream().filter(p -> p.terminating() || (p.active()
                    && ("Pending".equals(p.phase()) || (!p.ready()
                    && !p.template().spec().containers().get(0).image().contains("broken"))))).findFirst().orElse(null);
            if (next == null) {
                return;
            }
            sim.now = sim.now.plusMillis(100);
            String phase = next.terminating() ? ReportPod.TERMINATED : "Pending".equals(next.phase()) ? "Running" : "Ready";
            sim.send(new ReportPod(next.name(), phase, "node-1", null));
        }
    }
}
