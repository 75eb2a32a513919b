package io.rollbook.infra.kafka;

import io.rollbook.api.state.Snapshots;
import io.rollbook.api.state.WorkloadState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which snapshot a restore trusts, without a broker: the latest records of a snapshots partition in,
 * the partition's snapshot (or why not) out; and when the policy writes one.
 */
class SnapshotRestoreTest {

    private static final String NGINX = "default/nginx";
    private static final String WEB = "default/web";

    private static byte[] aggregate(String id, long offset) {
        return Snapshots.encode(Snapshots.of(id, 3, offset, new WorkloadState(id)));
    }

    private static byte[] marker(int partition, long offset, int aggregates) {
        return Snapshots.encode(new Snapshots.PartitionSnapshot(partition, offset, aggregates));
    }

    private static Map<String, byte[]> records(Object... keysAndValues) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], (byte[]) keysAndValues[i + 1]);
        }
        return out;
    }

    @Test
    void aCompleteSnapshotIsTrustedWithinTheLog() {
        SnapshotRestore.Found found = SnapshotRestore.of(2, records(
                "events-2/" + NGINX, aggregate(NGINX, 40), // written with an earlier snapshot, unchanged since
                "events-2/" + WEB, aggregate(WEB, 90),
                "events-2", marker(2, 90, 2),
                "events-3", marker(3, 5, 0))); // another partition's: not this one's business
        assertThat(found.problem()).isNull();
        assertThat(found.aggregates()).containsOnlyKeys(NGINX, WEB);
        assertThat(found.problemWith(0, 90)).isNull();
        assertThat(found.problemWith(91, 120)).contains("the log starts at 91");
        assertThat(found.problemWith(0, 80)).contains("the log ends at 80"); // not this log's
    }

    @Test
    void aMissingAggregateRecordMakesItIncomplete() {
        SnapshotRestore.Found found = SnapshotRestore.of(2, records("events-2/" + NGINX, aggregate(NGINX, 40),
                "events-2", marker(2, 90, 2)));
        assertThat(found.problem()).contains("counts 2 aggregates but 1 are there");
    }

    @Test
    void aRecordNewerThanTheMarkerIsNotPartOfIt() {
        SnapshotRestore.Found found = SnapshotRestore.of(2, records("events-2/" + NGINX, aggregate(NGINX, 120),
                "events-2", marker(2, 90, 1)));
        assertThat(found.problem()).contains("not part of it");
    }

    @Test
    void anUnreadableRecordOrMarkerIsNamed() {
        assertThat(SnapshotRestore.of(2, records("events-2/" + NGINX, new byte[]{1, 2},
                "events-2", marker(2, 90, 1))).problem()).contains("the record of " + NGINX + " is unreadable");
        assertThat(SnapshotRestore.of(2, records("events-2", new byte[]{1, 2})).problem())
                .contains("its marker is unreadable");
        assertThat(SnapshotRestore.of(2, records("events-2", marker(4, 90, 0))).problem())
                .contains("names partition 4");
        assertThat(SnapshotRestore.of(2, records()).problem()).isEqualTo(SnapshotRestore.NONE);
    }

    @Test
    void thePolicyWritesAfterEnoughEventsOrTimeButNeverForNothing() {
        SnapshotPolicy policy = new SnapshotPolicy(100, Duration.ofSeconds(60));
        Instant t = Instant.parse("2026-12-03T10:00:00Z");
        assertThat(policy.due(100, t, t)).isTrue();                  // enough events
        assertThat(policy.due(99, t, t.plusSeconds(59))).isFalse(); // neither yet
        assertThat(policy.due(1, t, t.plusSeconds(60))).isTrue();   // the interval passed, something changed
        assertThat(policy.due(0, t, t.plusSeconds(600))).isFalse(); // nothing changed: nothing to write
        assertThat(policy.due(1, null, t)).isTrue();                // never written (a log read without one)
    }
}
