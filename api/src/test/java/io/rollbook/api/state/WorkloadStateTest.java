package io.rollbook.api.state;

import io.rollbook.api.event.PodCreated;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.PodReady;
import io.rollbook.api.event.PodStarted;
import io.rollbook.api.event.PodTerminating;
import io.rollbook.api.event.WakeUpScheduled;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadStateTest {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void podsOfAReplicaSetFollowEveryChangeInCreationOrder() {
        WorkloadState s = new WorkloadState();
        s.apply(new PodCreated("old-a", "old", null), T0);
        s.apply(new PodCreated("new-a", "new", null), T0);
        s.apply(new PodCreated("old-b", "old", null), T0);
        s.apply(new PodStarted("old-a", "old", "node-1", null, null), T0.plusSeconds(1));
        s.apply(new PodReady("old-a", "old", "node-1"), T0.plusSeconds(2));
        s.apply(new PodTerminating("old-b", "old", "node-2"), T0.plusSeconds(3));

        assertThat(s.podsOf("old")).extracting(PodState::name).containsExactly("old-a", "old-b");
        assertThat(s.podsOf("old").get(0).ready()).isTrue();
        assertThat(s.podsOf("old").get(1).terminating()).isTrue();
        assertThat(s.podsOf("new")).extracting(PodState::name).containsExactly("new-a");
        assertThat(s.podsOf("none")).isEmpty();

        s.apply(new PodDeleted("old-a", "old", "node-1"), T0.plusSeconds(4));
        s.apply(new PodDeleted("old-b", "old", "node-2"), T0.plusSeconds(4));

        assertThat(s.podsOf("old")).isEmpty();
        assertThat(s.pods()).extracting(PodState::name).containsExactly("new-a");
    }

    @Test
    void aCopyChangesIndependentlyOfItsSource() {
        WorkloadState s = new WorkloadState();
        s.apply(new PodCreated("web-a", "web", null), T0);
        WorkloadState copy = s.copy();

        copy.apply(new PodCreated("web-b", "web", null), T0);
        copy.apply(new PodDeleted("web-a", "web", null), T0);
        copy.apply(new WakeUpScheduled(T0.plusSeconds(60)), T0);

        assertThat(s.podsOf("web")).extracting(PodState::name).containsExactly("web-a");
        assertThat(s.nextPodOrdinal("web")).isEqualTo(1);
        assertThat(s.wakeUpAt()).isNull();
        assertThat(copy.podsOf("web")).extracting(PodState::name).containsExactly("web-b");
        assertThat(copy.nextPodOrdinal("web")).isEqualTo(2);
    }
}
