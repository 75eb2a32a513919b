package io.rollbook.api.codec;

import com.fasterxml.jackson.databind.JsonMappingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The fast path reads and writes exactly what {@link Instant#parse} and {@link Instant#toString} do. */
class InstantsTest {

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
            "2026-11-26T10:00:03Z", "2026-11-26T10:00:03.5Z", "2026-11-26T10:00:03.123456789Z",
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "2024-02-29T12:00:00Z", "2000-02-29T00:00:00Z",
            // not the canonical shape: Instant.parse decides (some it accepts, some it refuses)
            "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-11-26T24:00:00Z", "2016-12-31T23:59:60Z", "2026-11-26T10:60:00Z", "2026-11-26T10:00:03.Z",
            "2026-11-26T10:00:03.1234567890Z", "2026-11-26T10:00:03+01:00", "2026-11-26T10:00:03z",
            "2026-11-26t10:00:03Z", "2026-11-26 10:00:03Z", "+12026-11-26T10:00:03Z", "-0001-11-26T10:00:03Z",
            "2026-11-26T10:00Z", " 2026-11-26T10:00:03Z", "2026-11-26T10:00:03Z ", "yesterday", "",
            "2026-1a-26T10:00:03Z", "2026-11-26T10:00:03.12a4Z", "٢٠٢٦-11-26T10:00:03Z"})
    void parsesAsInstantParse(String text) {
        Object expected = outcome(() -> Instant.parse(text));
        Object actual = outcome(() -> Instants.parse(text));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void parsesAndFormatsRandomInstantsAsTheJdk() {
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong() % 253_402_300_800L; // years 0000-9999 around 1970
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            String text = t.toString();
            assertThat(Instants.format(t)).isEqualTo(text);
            assertThat(Instants.parse(text)).isEqualTo(t);
        }
    }

    @Test
    void formatsTheFarPastAndFutureAsTheJdk() {
        for (Instant t : new Instant[] {Instant.MIN, Instant.MAX, Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z")}) {
            assertThat(Instants.format(t)).isEqualTo(t.toString());
        }
    }

    @Test
    void jsonReadsAndWritesInstantsAsTheTimeModule() throws Exception {
        record Stamp(Instant at) {
        }
        assertThat(Codec.json().readValue("{\"at\":\"2026-11-26T10:00:03.250Z\"}", Stamp.class).at())
                .isEqualTo(Instant.parse("2026-11-26T10:00:03.250Z"));
        // other forms still go to the module: offsets, epoch seconds, null
        assertThat(Codec.json().readValue("{\"at\":\"2026-11-26T11:00:03+01:00\"}", Stamp.class).at())
                .isEqualTo(Instant.parse("2026-11-26T10:00:03Z"));
        assertThat(Codec.json().readValue("{\"at\":1.5}", Stamp.class).at()).isEqualTo(Instant.ofEpochSecond(1, 500_000_000));
        assertThat(Codec.json().readValue("{\"at\":null}", Stamp.class).at()).isNull();
        assertThatThrownBy(() -> Codec.json().readValue("{\"at\":\"yesterday\"}", Stamp.class))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("Cannot deserialize value of type `java.time.Instant` from String \"yesterday\"");
        assertThat(Codec.toJson(new Stamp(Instant.parse("2026-11-26T10:00:03.250Z"))))
                .isEqualTo("{\"at\":\"2026-11-26T10:00:03.250Z\"}");
        assertThat(Codec.toYaml(new Stamp(Instant.parse("2026-11-26T10:00:03Z")))).isEqualTo("at: 2026-11-26T10:00:03Z\n");
    }

    private static Object outcome(java.util.concurrent.Callable<Instant> parse) {
        Throwable thrown = catchThrowable(parse::call);
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(DateTimeParseException.class);
            return thrown.getClass().getName() + ": " + thrown.getMessage();
        }
        try {
            return parse.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
