package io.rollbook.projections.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class HumanDurationTest {

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({
            "-5000, <invalid>",        // more than a second in the future
            "-1500, 0s",               // up to a second of clock skew reads as now
            "0, 0s",
            "999, 0s",                 // seconds truncate
            "5000, 5s",
            "95000, 95s",              // under 2 minutes: seconds only
            "119999, 119s",
            "120000, 2m",
            "182000, 3m2s",
            "599000, 9m59s",
            "600000, 10m",             // from 10 minutes: minutes only
            "2700000, 45m",
            "10799000, 179m",
            "10800000, 3h",
            "18180000, 5h3m",
            "28799000, 7h59m",
            "28800000, 8h",            // from 8 hours: hours only
            "108000000, 30h",
            "172799000, 47h",
            "172800000, 2d",
            "443000000, 5d3h",         // 5 days 3 hours (and a bit)
            "691200000, 8d",           // from 8 days: days only
            "34560000000, 400d",
            "63072000000, 2y",         // 730 days
            "69120000000, 2y70d",
            "283824000000, 9y",
    })
    void formatsLikeKubectl(long millis, String expected) {
        assertThat(HumanDuration.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @Test
    void ageWithoutATimeIsUnknown() {
        assertThat(HumanDuration.age(null, Instant.EPOCH)).isEqualTo("<unknown>");
        assertThat(HumanDuration.age(Instant.EPOCH, Instant.EPOCH.plusSeconds(62))).isEqualTo("62s");
    }
}
