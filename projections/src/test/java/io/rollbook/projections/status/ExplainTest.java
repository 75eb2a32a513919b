package io.rollbook.projections.status;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.projections.ProjectionStore;
import io.rollbook.projections.fixtures.NginxScenario;
import io.rollbook.projections.fixtures.Stores;
import io.rollbook.projections.objects.Workload;
import io.rollbook.api.value.ObjectRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.rollbook.projections.fixtures.NginxScenario.NAME;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code rollbook explain}: a stuck rollout says what holds it, a finished one only where it is. */
class ExplainTest {

    static final ObjectRef NGINX = ObjectRef.deployment("default", NAME);

    @Test
    void aFinishedRolloutSaysOnlyWhereItIs() {
        ProjectionStore store = Stores.of(NginxScenario.full().events());
        Workload w = store.workload(NGINX).orElseThrow();

        assertThat(Explain.lines(w, store.log(NGINX), Instant.parse("2026-11-26T11:00:00Z"))).singleElement()
                .asString().startsWith("deployment.apps/nginx-deployment at revision 4, complete since ");
    }

    @Test
    void aRolloutInTheMiddleNamesItsFencepostsAndItsNotReadyPodsAndTheDeadline() {
        // the log up to the first set image's first steps: revision 2 rolling, its pods not ready yet
        List<EventEnvelope> all = NginxScenario.full().events();
        List<EventEnvelope> prefix = all.stream()
                .filter(e -> !e.time().isAfter(Instant.parse("2026-11-26T10:01:00Z"))).toList();
        ProjectionStore store = Stores.of(prefix);
        Workload w = store.workload(NGINX).orElseThrow();

        List<String> lines = Explain.lines(w, store.log(NGINX), Instant.parse("2026-11-26T10:01:05Z"));

        assertThat(lines.get(0)).startsWith("deployment.apps/nginx-deployment at revision 2, progressing since ");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("surge ceiling: 4 pods of at most 4 (3 desired + 1 maxSurge)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("new pod nginx-deployment-fb9687447-").contains(" not ready: Pending"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("progress deadline at 2026-11-26T10:11:00Z (in 9m"));
    }
}
