package io.rollbook.engine.deployment.util;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.value.IntOrPercent;
import io.rollbook.engine.deployment.Plan;
import io.rollbook.engine.deployment.Reconciler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.rollbook.engine.deployment.Builders.NOW;
import static io.rollbook.engine.deployment.Builders.aDeployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ResolveFenceposts: resolving maxSurge/maxUnavailable, the both-zero rule, clamping and the derived numbers. */
class FencepostsTest {

    @ParameterizedTest(name = "{0} desired, surge {1}, unavailable {2} -> {3}/{4}")
    @CsvSource({
            "10, 25%, 25%, 3, 2",  // the defaults: surge rounds up (2.5 -> 3), unavailable down (2.5 -> 2)
            " 0,  0%,  0%, 0, 1",  // ResolveFenceposts: both zero after scaling -> unavailable 1, even with desired 0
            " 5,  0%, 10%, 0, 1",  // ResolveFenceposts: floor(0.5) = 0, so both zero -> 0/1
            "10,  1%,  1%, 1, 0",  // ResolveFenceposts: ceil(0.1) = 1 / floor(0.1) = 0, rule not needed
            "10, 39%, 39%, 4, 3",  // ResolveFenceposts: ceil(3.9) = 4 / floor(3.9) = 3
            " 0, 25%, 25%, 0, 1",  // every percentage of 0 is 0 -> rule applies with desired 0
            " 0,   0,   0, 0, 1",  // raw ints 0/0 (validation rejects; the planner still resolves 0/1)
            " 0,   3,   2, 3, 2",  // ints are taken as-is, whatever desired is
            " 3, 25%, 25%, 1, 0",  // ceil(0.75) = 1, floor(0.75) = 0
            " 1, 100%, 0%, 1, 0",
            " 4, 150%,  0, 6, 0",  // maxSurge may exceed 100%
            "10,   2,  20, 2, 20", // ResolveFenceposts does not clamp 20 of 10; MaxUnavailable does
            " 7, 10%, 10%, 1, 0",  // ceil(0.7) = 1 / floor(0.7) = 0
            "20, 0%, 99%, 0, 19",  // floor(19.8) = 19
    })
    void resolvesPercentagesAgainstDesired(int desired, String surge, String unavailable, int expSurge,
                                           int expUnavailable) {
        Fenceposts resolved = Fenceposts.resolve(IntOrPercent.parse(surge), IntOrPercent.parse(unavailable), desired);

        assertThat(resolved).isEqualTo(new Fenceposts(expSurge, expUnavailable));
    }

    @Test
    void unsetValuesCountAsZero() {
        assertThat(Fenceposts.resolve(null, null, 10)).isEqualTo(new Fenceposts(0, 1));
        assertThat(Fenceposts.resolve(null, IntOrPercent.parse("25%"), 10)).isEqualTo(new Fenceposts(0, 2));
        assertThat(Fenceposts.resolve(IntOrPercent.parse("25%"), null, 10)).isEqualTo(new Fenceposts(3, 0));
    }

    @ParameterizedTest(name = "{0} replicas, surge {1}, unavailable {2} -> MaxSurge {3}, MaxUnavailable {4}, MinAvailable {5}")
    @CsvSource({
            "10, 25%, 25%, 3,  2, 8", // ResolveFenceposts: at most 13 pods, at least 8 available
            " 5,   1,  20, 1,  5, 0", // MaxUnavailable: an int maxUnavailable above replicas is clamped to replicas
            " 5,   1, 100%, 1, 5, 0",
            " 0,   1,   5, 1,  0, 0", // MaxUnavailable is 0 when replicas = 0
            " 0,  0%,  0%, 0,  0, 0", // both-zero gives 1, then replicas 0 gives MaxUnavailable 0
            " 3,   0,  0%, 0,  1, 2", // both zero -> 1 unavailable
            " 1,  0%, 25%, 0,  1, 0", // floor(0.25) = 0 and ceil(0) = 0 -> both-zero rule -> 1
            " 4, 150%,  1, 6,  1, 3", // MaxSurge is not clamped
    })
    void derivesMaxSurgeMaxUnavailableAndMinAvailableForRollingUpdate(int replicas, String surge, String unavailable,
                                                                     int maxSurge, int maxUnavailable, int minAvailable) {
        Deployment d = aDeployment().withReplicas(replicas)
                .withRollingUpdate(IntOrPercent.parse(surge), IntOrPercent.parse(unavailable)).build();

        assertThat(List.of(Fenceposts.maxSurge(d), Fenceposts.maxUnavailable(d), Fenceposts.minAvailable(d)))
                .containsExactly(maxSurge, maxUnavailable, minAvailable);
    }

    @ParameterizedTest(name = "Recreate with {0} replicas -> 0/0, MinAvailable 0")
    @ValueSource(ints = {0, 1, 10})
    void givenRecreate_whenDerived_thenEverythingIsZero(int replicas) {
        Deployment d = aDeployment().withReplicas(replicas).withRecreate().build();

        assertThat(Fenceposts.of(d)).isEqualTo(Fenceposts.NONE);
        assertThat(List.of(Fenceposts.maxSurge(d), Fenceposts.maxUnavailable(d), Fenceposts.minAvailable(d)))
                .containsExactly(0, 0, 0);
        assertThat(Reconciler.reconcile(d, List.of(), null, NOW).fenceposts()).isEqualTo(new Fenceposts(0, 0));
    }

    @Test
    void givenUnavailableAboveReplicas_whenPlanned_thenPlanReportsTheValueBeforeClamping() {
        Deployment d = aDeployment().withReplicas(5).withRollingUpdate(1, 20).build();

        Plan plan = Reconciler.reconcile(d, List.of(), null, NOW);

        assertThat(plan.fenceposts()).isEqualTo(new Fenceposts(1, 20));
    }

    @ParameterizedTest(name = "\"{0}\" is not a valid IntOrPercent")
    @ValueSource(strings = {"25", "abc", "2.5%", "%", "25 %", "x%", "25%%", ""})
    void givenMalformedString_whenResolved_thenThrows(String text) {
        IntOrPercent bad = IntOrPercent.ofString(text);

        assertThatThrownBy(() -> Fenceposts.resolve(bad, IntOrPercent.ofInt(1), 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fenceposts.resolve(IntOrPercent.ofInt(1), bad, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenResultOutsideInt32_whenResolved_thenThrows() {
        // 1000000000% of 1000 = 10^10, which does not fit in int32 (ResolveFenceposts)
        IntOrPercent huge = IntOrPercent.ofString("1000000000%");

        assertThatThrownBy(() -> Fenceposts.resolve(huge, IntOrPercent.ofInt(1), 1000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fenceposts.resolve(IntOrPercent.ofInt(1), huge, 1000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({
            "25%, 25",
            "+5%, 5",                // Go's Atoi accepts a sign
            "-5%, -5",
            "-0%, 0",
            "007%, 7",
            "9999999999%, 9999999999", // ten digits, the most the pattern takes
    })
    void parsesPercentages(String text, long expected) {
        assertThat(Fenceposts.parsePercent(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is not a percentage")
    @ValueSource(strings = {"%", "+%", "-%", "+-5%", "12345678901%", "\u0665%", "5", " 5%", "5 %", "0x5%"})
    void rejectsWhatIsNotSignAndTenDigits(String text) {
        assertThatThrownBy(() -> Fenceposts.parsePercent(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(nullValues = "null", value = {
            "0, 0",
            "013, 13",
            "2147483647, 2147483647",
            "2147483648, null",      // past int32
            "12345678901, null",     // eleven digits
            "-1, null",
            "+1, null",
            "'', null",
            "1.0, null",
            "\u0665, null",         // a non-ASCII digit
            "null, null",
    })
    void readsUnsignedInt32Annotations(String text, Integer expected) {
        assertThat(Annotations.unsignedInt32(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({
            "5, 5",
            "-5, -5",
            "2147483647, 2147483647",
            "-2147483648, -2147483648",
            "2147483648, \"2147483648\"",    // ten digits past int32 stay a string
            "12345678901, \"12345678901\"",
            "+5, \"+5\"",
            "-, \"-\"",
            "'', \"\"",
            "25%, \"25%\"",
            "\u0665, \"\u0665\"",
    })
    void parsesCommandLineIntOrPercent(String text, String expected) {
        IntOrPercent parsed = IntOrPercent.parse(text);

        assertThat(parsed.isInt() ? parsed.intValue().toString() : "\"" + parsed.stringValue() + "\"").isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" vs {1}")
    @ValueSource(strings = {"", "0", "7", "10", "13", "-1", "-0", "00", "010", "+1", "1 ", " 1", "1a", "-", "--1",
            "2147483647", "-2147483648", "21474836470", "12", "21"})
    void comparesAnnotationTextWithThePrintedNumber(String text) {
        for (int value : new int[]{0, 1, 7, 10, 12, 13, -1, 21, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertThat(Annotations.isDecimal(text, value)).as("%s vs %d", text, value)
                    .isEqualTo(text.equals(Integer.toString(value)));
        }
    }
}
