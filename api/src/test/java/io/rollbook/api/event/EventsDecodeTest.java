package io.rollbook.api.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-pass decode reads every envelope, plain or odd, to the same value or the same error as
 * the tree reader it replaced ({@link Events#readTree}).
 */
class EventsDecodeTest {

    private static final String DATA = "\"data\":{\"replicaSet\":\"web-1\",\"from\":1,\"to\":2}";

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{\"type\":\"ReplicaSetScaled\",\"eventId\":\"e1\",\"aggregate\":\"default/web\",\"sequence\":3,"
                    + "\"time\":\"2026-11-26T10:00:03Z\",\"commandId\":\"c1\",\"actor\":\"alice\"," + DATA + "}",
            // another order, data first: bound once the type is known
            "{" + DATA + ",\"sequence\":3,\"aggregate\":\"default/web\",\"type\":\"ReplicaSetScaled\"}",
            // fields read as JsonNode reads them: absent, null, numbers as text, text as numbers
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\"," + DATA + "}",
            "{\"type\":\"ReplicaSetScaled\",\"eventId\":null,\"aggregate\":\"default/web\",\"time\":null,"
                    + "\"commandId\":null,\"actor\":null," + DATA + "}",
            "{\"type\":\"ReplicaSetScaled\",\"eventId\":7,\"aggregate\":\"default/web\",\"actor\":true," + DATA + "}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":null," + DATA + "}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":{\"a\":1}," + DATA + "}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\",\"sequence\":\"12\"," + DATA + "}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\",\"sequence\":2.9," + DATA + "}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\",\"sequence\":null," + DATA + "}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\",\"sequence\":123456789012345678901234,"
                    + DATA + "}",
            // repeated fields: the last wins
            "{\"type\":\"RolloutPaused\",\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\"," + DATA + "}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"a/b\",\"aggregate\":\"default/web\"," + DATA + ","
                    + "\"data\":{\"replicaSet\":\"web-2\",\"to\":5}}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\",\"data\":{\"to\":\"x\",\"to\":4}}",
            // times: other RFC 3339 forms still read; garbage still fails as before
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\",\"time\":\"2026-11-26T11:00:03+01:00\","
                    + DATA + "}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\",\"time\":\"2016-12-31T23:59:60Z\"," + DATA + "}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\",\"time\":\"yesterday\"," + DATA + "}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\",\"time\":5," + DATA + "}",
            // unknown fields, here and in data
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\",\"extra\":{\"x\":[1,2,{}]},"
                    + "\"data\":{\"replicaSet\":\"web-1\",\"later\":[true],\"to\":2}}",
            // not events
            "{\"type\":\"Frob\",\"aggregate\":\"default/web\"," + DATA + "}",
            "{\"aggregate\":\"default/web\"," + DATA + "}",
            "{\"type\":5,\"aggregate\":\"default/web\"," + DATA + "}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\"}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\",\"data\":null}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\",\"data\":[1]}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\",\"data\":{\"to\":\"two\"}}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\",\"data\":{\"to\":2.5}}",
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\"," + DATA,
            "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\"," + DATA + "} trailing",
            "[1,2]", "\"text\"", "", "   ", "nonsense", "{}",
    })
    void readsAsTheTreeReader(String json) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        Object expected = outcome(() -> Events.readTree(value));
        assertThat(outcome(() -> Events.decode(value))).isEqualTo(expected);
        Events.Decoder decoder = Events.decoder();
        assertThat(outcome(() -> decoder.decode(value))).isEqualTo(expected);
        assertThat(outcome(() -> decoder.decode(value))).isEqualTo(expected); // a second time, from the pool
    }

    @Test
    void aDecoderSharesEqualTextAndTimesAmongWhatItDecodes() {
        Events.Decoder decoder = Events.decoder();
        Instant t = Instant.parse("2026-11-26T10:00:03.120Z");
        EventEnvelope a = decoder.decode(Events.encode(EventEnvelope.of("default/web", 1, t, "c9", "bob",
                new PodReady("web-1-a", "web-1", "node-1"))));
        EventEnvelope b = decoder.decode(Events.encode(EventEnvelope.of("default/web", 2, t, "c9", "bob",
                new PodReady("web-1-a", "web-1", "node-1"))));
        assertThat(b.aggregate()).isSameAs(a.aggregate());
        assertThat(b.commandId()).isSameAs(a.commandId());
        assertThat(b.time()).isSameAs(a.time());
        assertThat(((PodReady) b.data()).pod()).isSameAs(((PodReady) a.data()).pod());
        assertThat(b.eventId()).isEqualTo("default/web@2");
        assertThat(a).isEqualTo(Events.decode(Events.encode(a)));
    }

    @Test
    void readsNullAsBefore() {
        assertThat(outcome(() -> Events.decode(null))).isEqualTo(outcome(() -> Events.readTree(null)));
    }

    @Test
    void readsInvalidUtf8AsBefore() {
        byte[] value = ("{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\",\"data\":{\"replicaSet\":\"x")
                .getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(value, value.length + 4);
        bad[value.length] = (byte) 0xC3;
        bad[value.length + 1] = (byte) 0x28;
        bad[value.length + 2] = '"';
        bad[value.length + 3] = '}';
        assertThat(outcome(() -> Events.decode(bad))).isEqualTo(outcome(() -> Events.readTree(bad)));
    }

    @Test
    void roundTripsEveryFieldInPlainForm() {
        EventEnvelope e = EventEnvelope.of("default/web", 41, Instant.parse("2026-11-26T10:00:03.120Z"), "c9", "bob",
                new ReplicaSetScaled("web-1", 3, 4, Map.of("deployment.kubernetes.io/max-replicas", "5")));
        assertThat(Events.decode(Events.encode(e))).isEqualTo(e).isEqualTo(Events.readTree(Events.encode(e)));
    }

    private static Object outcome(java.util.concurrent.Callable<EventEnvelope> decode) {
        try {
            return decode.call();
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
