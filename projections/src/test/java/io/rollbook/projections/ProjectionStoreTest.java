package io.rollbook.projections;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.fixtures.Frontend;
import io.rollbook.projections.fixtures.NginxScenario;
import io.rollbook.projections.fixtures.Stores;
import io.rollbook.projections.objects.Subjects;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.rollbook.projections.fixtures.NginxScenario.NAME;
import static io.rollbook.projections.fixtures.NginxScenario.RS_1;
import static io.rollbook.projections.fixtures.NginxScenario.RS_3;
import static org.assertj.core.api.Assertions.assertThat;

class ProjectionStoreTest {

    final List<EventEnvelope> events = NginxScenario.full().events();
    final List<EventEnvelope> frontend = Frontend.applied(NginxScenario.T0).events();

    @Test
    void foldsEveryAggregateInArrivalOrderAndCountsThePosition() {
        ProjectionStore store = Stores.of(interleaved());

        assertThat(store.position()).isEqualTo(events.size() + frontend.size());
        assertThat(store.deployments("default")).extracting(d -> d.metadata().name()).containsExactly(NAME);
        assertThat(store.deployments(null)).hasSize(1);
        assertThat(store.replicaSets("default")).extracting(rs -> rs.name()).containsExactly(RS_1, RS_3);
        assertThat(store.replicaSets("shop")).extracting(rs -> rs.name()).containsExactly("frontend");
        assertThat(store.replicaSets(null)).hasSize(3);
        assertThat(store.replicaSetsOf("default", NAME)).extracting(rs -> rs.name()).containsExactly(RS_1, RS_3);
        assertThat(store.pods("default")).hasSize(3);
        assertThat(store.deployment("default", NAME)).isPresent();
        assertThat(store.deployment("other", NAME)).isEmpty();
        assertThat(store.replicaSet("shop", "frontend")).isPresent();
        assertThat(store.pod("default", store.pods("default").get(0).name())).isPresent();
        assertThat(store.workload(ObjectRef.replicaSet("shop", "frontend")).orElseThrow().exists()).isTrue();
        assertThat(store.log(ObjectRef.deployment("default", NAME))).hasSize(events.size());
    }

    @Test
    void ignoresEnvelopesAtOrBelowTheLastOffsetOfTheirPartition() {
        ProjectionStore store = Stores.of(events);
        store.apply(events.get(events.size() - 1), 0, events.size() - 1); // re-delivered after a rebalance
        store.apply(events.get(0), 0, 3);

        assertThat(store.position()).isEqualTo(events.size());
        assertThat(store.offset(0)).isEqualTo(events.size() - 1);
        assertThat(store.offset(5)).isEqualTo(-1);
        assertThat(store.log(ObjectRef.deployment("default", NAME))).hasSize(events.size());
    }

    @Test
    void tracksTheLastEventTimeOfEachLiveObjectOnly() {
        ProjectionStore store = Stores.of(events);
        EventEnvelope last = events.get(events.size() - 1);

        assertThat(store.lastEventTime(ObjectRef.deployment("default", NAME))).contains(last.time());
        assertThat(store.lastEventTime(ObjectRef.replicaSet("default", RS_3))).contains(lastTouching(
                ObjectRef.replicaSet("default", RS_3)));
        assertThat(store.pods("default")).isNotEmpty().allSatisfy(p -> {
            ObjectRef pod = new ObjectRef(Subjects.POD, "default", p.name());
            assertThat(store.lastEventTime(pod)).contains(lastTouching(pod));
        });
        // deleted by history cleanup: it left the read model (its events are in the log)
        assertThat(store.lastEventTime(ObjectRef.replicaSet("default", NginxScenario.RS_2))).isEmpty();
        assertThat(store.lastEventTime(new ObjectRef(Subjects.POD, "default", NginxScenario.pod(RS_1, 0)))).isEmpty();
        assertThat(store.lastEventTime(ObjectRef.deployment("default", "nope"))).isEmpty();
    }

    private Instant lastTouching(ObjectRef object) {
        return events.stream().filter(e -> Subjects.touched(e).contains(object)).map(EventEnvelope::time)
                .reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void readersOnOtherThreadsSeeWholeEventsOnly() throws Exception {
        ProjectionStore store = new ProjectionStore();
        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                running.add(readers.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        store.deployments("default").forEach(d -> assertThat(d.metadata().name()).isEqualTo(NAME));
                        assertThat(store.replicaSets("default").size()).isLessThanOrEqualTo(3);
                        store.pods("default");
                        store.revisions("default", NAME);
                    }
                    return null;
                }));
            }
            long offset = 0;
            for (EventEnvelope e : events) {
                store.apply(e, 0, offset++);
            }
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            readers.shutdownNow();
        }
        assertThat(store.position()).isEqualTo(events.size());
    }

    /** The walkthrough with a bare ReplicaSet of another namespace applied in the middle. */
    private List<EventEnvelope> interleaved() {
        List<EventEnvelope> all = new ArrayList<>(events);
        all.addAll(10, frontend);
        return all;
    }
}
