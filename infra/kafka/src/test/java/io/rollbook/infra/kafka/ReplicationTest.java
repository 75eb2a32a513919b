package io.rollbook.infra.kafka;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replication chosen for a cluster's size, or as asked. */
class ReplicationTest {

    @ParameterizedTest(name = "{0} brokers, asked {1}/{2} -> {3}/{4}")
    @CsvSource(nullValues = "-", value = {
        "1, -, -, 1, 1",  // one broker: every write on its only copy
        "2, -, -, 2, 1",  // two: a copy on each, either may take writes alone
        "3, -, -, 3, 2",  // three: one broker may go without loss and without stopping writes
        "5, -, -, 3, 2",
        "5, 5, -, 5, 2",
        "3, 3, 3, 3, 3",  // as asked, though one broker down then stops writes (warned about on existing topics)
        "3, -, 1, 3, 1",
    })
    void resolvesForTheCluster(int brokers, Integer factor, Integer minInsync, int expectedFactor, int expectedMin) {
        Replication r = new Replication(factor, minInsync).resolve(brokers);
        assertThat(r.factor()).isEqualTo(expectedFactor);
        assertThat(r.minInsyncReplicas()).isEqualTo(expectedMin);
    }

    @ParameterizedTest(name = "{0}/{1}: {2}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
        "0 | - | --replication-factor must be at least 1, was 0",
        "- | 0 | --min-insync-replicas must be at least 1, was 0",
        "2 | 3 | --min-insync-replicas (3) cannot exceed --replication-factor (2): no write would ever be acknowledged",
    })
    void refusesWhatCannotWork(Integer factor, Integer minInsync, String message) {
        assertThatThrownBy(() -> new Replication(factor, minInsync)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
