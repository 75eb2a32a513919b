package io.rollbook.api.state;

import io.rollbook.api.event.ConditionChanged;
import io.rollbook.api.event.DeploymentAnnotated;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.RolledBack;
import io.rollbook.api.event.RolloutCompleted;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentSpec;
import io.rollbook.api.manifest.ObjectMeta;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How each revision ended, folded from the log. A row is a log in short: {@code rev N} (the
 * Deployment's revision annotation moves to N), {@code done N} (RolloutCompleted), {@code timeout}
 * (Progressing False, ProgressDeadlineExceeded), {@code undo F>T=N} (RolledBack), {@code delete}.
 */
class RevisionOutcomesTest {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "rev 1                                          | 1 progressing",
            "rev 1; done 1                                  | 1 complete",
            "rev 1; done 1; rev 2                           | 1 complete, 2 progressing",     // complete stays complete
            "rev 1; rev 2                                   | 1 superseded, 2 progressing",   // 2 started before 1 ended
            "rev 1; done 1; rev 2; timeout                  | 1 complete, 2 failed",
            "rev 1; done 1; timeout                         | 1 complete",                    // unavailable, not a failed rollout
            "rev 1; done 1; rev 2; done 2; undo 2>1=3; rev 3 | 1 complete, 2 rolled-back, 3 progressing",
            "rev 1; done 1; rev 2; timeout; undo 2>1=3; rev 3; done 3 | 1 complete, 2 failed, 3 complete", // failed stays failed
            "rev 1; done 1; rev 2; timeout; done 2          | 1 complete, 2 complete",        // it got there late
            "rev 1; done 1; rev 2; rev 3; timeout; rev 4    | 1 complete, 2 superseded, 3 failed, 4 progressing",
            "rev 1; done 1; delete                          | ''",                            // a new object starts afresh
    })
    void eachRevisionEndsAsTheLogSays(String log, String expected) {
        WorkloadState s = new WorkloadState("shop/web");
        s.apply(new DeploymentApplied(Deployment.of(ObjectMeta.named("shop", "web"), DeploymentSpec.EMPTY), "created"),
                T0);
        Instant t = T0;
        for (String step : log.split(";")) {
            t = t.plusSeconds(1);
            s.apply(event(step.strip()), t);
        }
        assertThat(render(s.revisionOutcomes())).isEqualTo(expected);
    }

    static io.rollbook.api.event.RollbookEvent event(String step) {
        String[] w = step.split(" ");
        return switch (w[0]) {
            case "rev" -> new DeploymentAnnotated(Map.of("deployment.kubernetes.io/revision", w[1]));
            case "done" -> new RolloutCompleted(Long.parseLong(w[1]));
            case "timeout" -> new ConditionChanged("Progressing", "False", "ProgressDeadlineExceeded",
                    "ReplicaSet \"web-x\" has timed out progressing.");
            case "undo" -> {
                String[] n = w[1].split("[>=]");
                yield new RolledBack(Long.parseLong(n[0]), Long.parseLong(n[1]), Long.parseLong(n[2]));
            }
            case "delete" -> new DeploymentDeleted("web");
            default -> throw new IllegalArgumentException(step);
        };
    }

    static String render(Map<Long, RevisionOutcome> outcomes) {
        StringJoiner out = new StringJoiner(", ");
        new TreeMap<>(outcomes).forEach((rev, o) -> out.add(rev + " " + o.outcome()));
        return out.toString();
    }
}
