package io.rollbook.infra.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The soak's verdict is the heap's least-squares slope once warmed up, never its warm-up. */
class SoakTest {

    @Test
    void theSlopeLeavesOutTheWarmUp() {
        List<double[]> samples = List.of(new double[]{0, 50}, new double[]{0.5, 200}, new double[]{1, 300},
                new double[]{2, 302}, new double[]{3, 304}, new double[]{4, 306});

        assertThat(Soak.slope(samples, 1)).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void aRunTooShortForTwoSamplesAfterTheWarmUpHasNoSlope() {
        assertThat(Soak.slope(List.of(new double[]{0, 50}, new double[]{1, 60}), 1)).isNaN();
    }
}
