package io.rollbook.projections.history;

import io.rollbook.api.state.RevisionOutcome;
import io.rollbook.projections.Kubectl;
import io.rollbook.projections.ProjectionStore;
import io.rollbook.projections.fixtures.NginxScenario;
import io.rollbook.projections.fixtures.Stores;
import io.rollbook.projections.text.LineDiff;
import io.rollbook.projections.text.Printed;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.rollbook.projections.fixtures.NginxScenario.NAME;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code rollout undo --dry-run}: kubectl's printed template, then the diff against the current one. */
class UndoDryRunTest {

    final ProjectionStore store = Stores.of(NginxScenario.full().events());
    final Kubectl kubectl = new Kubectl(store);

    @Test
    void printsTheTemplateThatWouldBeRestoredAndItsDiff() {
        // live revisions 3 (nginx:1.14.2) and 4 (nginx:1.21, current): undo goes to 3
        Printed p = kubectl.rolloutUndoDryRun("default", NAME, 0, false);

        assertThat(p.exitCode()).isZero();
        assertThat(p.stdout()).startsWith("deployment.apps/nginx-deployment Pod Template:\n  Labels:\tapp=nginx\n")
                .doesNotContain("pod-template-hash")
                .contains("Diff from the current template to revision 3:\n")
                .contains("-     Image:\tnginx:1.21\n+     Image:\tnginx:1.14.2\n")
                .endsWith("(dry run)\n");
    }

    @Test
    void aFailedRevisionIsRefusedUnlessForcedAndAnUnknownOneAsKubectlSays() {
        var d = store.deployment("default", NAME).orElseThrow();
        var rss = store.replicaSetsOf("default", NAME);
        Map<Long, RevisionOutcome> failed = Map.of(3L, new RevisionOutcome(3, RevisionOutcome.FAILED,
                Instant.parse("2026-11-26T10:04:00Z"), "ReplicaSet \"x\" has timed out progressing.", null));

        assertThat(UndoDryRun.render(d, rss, 3, false, failed)).isEqualTo(Printed.error("revision 3 failed at "
                + "2026-11-26T10:04:00Z (ReplicaSet \"x\" has timed out progressing.); use --force to roll back to it anyway"));
        assertThat(UndoDryRun.render(d, rss, 3, true, failed).exitCode()).isZero();
        assertThat(UndoDryRun.render(d, rss, 9, false, Map.of()).stderr())
                .isEqualTo("error: unable to find specified revision 9 in history\n");
        assertThat(kubectl.rolloutUndoDryRun("default", "nope", 0, false).stderr())
                .isEqualTo("Error from server (NotFound): deployments.apps \"nope\" not found\n");
    }

    @Test
    void theDiffKeepsCommonLinesAndMarksTheRest() {
        assertThat(LineDiff.diff("a\nb\nc\n", "a\nx\nc\nd\n")).isEqualTo("  a\n- b\n+ x\n  c\n+ d\n");
        assertThat(LineDiff.diff("", "")).isEmpty();
    }
}
