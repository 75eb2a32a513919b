package io.rollbook.engine.controllers;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WakeUpsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void nothingWantedSchedulesNothing() {
        assertThat(WakeUps.schedule(null, null, NOW, false)).isFalse();
        assertThat(WakeUps.schedule(NOW.plusSeconds(5), null, NOW, true)).isFalse();
    }

    @Test
    void aFirstWakeUpIsScheduled() {
        assertThat(WakeUps.schedule(null, NOW.plusSeconds(600), NOW, false)).isTrue();
    }

    @Test
    void aPendingEarlierWakeUpIsLeftToDoItsWork() {
        // The progress deadline moves later with every command; the pending tick will ask again.
        assertThat(WakeUps.schedule(NOW.plusSeconds(599), NOW.plusSeconds(600), NOW, false)).isFalse();
        assertThat(WakeUps.schedule(NOW.plusSeconds(600), NOW.plusSeconds(600), NOW, false)).isFalse();
    }

    @Test
    void anEarlierNeedReplacesThePendingWakeUp() {
        assertThat(WakeUps.schedule(NOW.plusSeconds(600), NOW.plusSeconds(5), NOW, false)).isTrue();
    }

    @Test
    void aTickAlwaysAsksAgainSinceItUsedThePendingWakeUp() {
        assertThat(WakeUps.schedule(NOW, NOW.plusSeconds(600), NOW, true)).isTrue();
        assertThat(WakeUps.schedule(NOW.plusSeconds(600), NOW.plusSeconds(600), NOW, true)).isTrue();
    }

    @Test
    void aWakeUpAlreadyDueIsNotTrustedToComeAndIsReplaced() {
        // Its tick may have been handled already without asking again (nothing was wanted then).
        assertThat(WakeUps.schedule(NOW.minusSeconds(1), NOW.plusSeconds(600), NOW, false)).isTrue();
        assertThat(WakeUps.schedule(NOW, NOW.plusSeconds(600), NOW, false)).isTrue();
        assertThat(WakeUps.schedule(NOW.minusSeconds(1), NOW.minusSeconds(1), NOW, false)).isFalse();
    }
}
