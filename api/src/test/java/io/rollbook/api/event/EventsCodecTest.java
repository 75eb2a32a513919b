package io.rollbook.api.event;

import io.rollbook.api.codec.Codec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The event envelope on the wire is the contract's (docs/contract.md, "Events"), byte for byte. */
class EventsCodecTest {

    private static final Instant T = Instant.parse("2026-11-26T10:00:03Z");

    @Test
    void encodesTheContractsEnvelope() {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("deployment.kubernetes.io/desired-replicas", "3");
        EventEnvelope e = EventEnvelope.of("default/myapp-deployment", 17, T, "3f1c", "alice",
                new ReplicaSetScaled("myapp-deployment-6d4f9c7b8", 1, 2, annotations));

        String json = new String(Events.encode(e), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"type\":\"ReplicaSetScaled\",\"eventId\":\"default/myapp-deployment@17\","
                + "\"aggregate\":\"default/myapp-deployment\",\"sequence\":17,\"time\":\"2026-11-26T10:00:03Z\","
                + "\"commandId\":\"3f1c\",\"actor\":\"alice\",\"data\":{\"replicaSet\":\"myapp-deployment-6d4f9c7b8\","
                + "\"from\":1,\"to\":2,\"annotations\":{\"deployment.kubernetes.io/desired-replicas\":\"3\"}}}");
        assertThat(Events.decode(Events.encode(e))).isEqualTo(e);
    }

    @Test
    void leavesOutWhatIsAbsent() {
        EventEnvelope e = EventEnvelope.of("default/x", 0, null, null, null, new RolloutPaused());

        assertThat(new String(Events.encode(e), StandardCharsets.UTF_8)).isEqualTo(
                "{\"type\":\"RolloutPaused\",\"eventId\":\"default/x@0\",\"aggregate\":\"default/x\",\"sequence\":0,"
                        + "\"data\":{}}");
    }

    /** The HTTP read API writes envelopes with Jackson (audit items, a replay's last event): the same JSON. */
    @Test
    void jacksonWritesTheEnvelopeAsEncodeDoesTypeFirst() {
        EventEnvelope e = EventEnvelope.of("default/web", 3, T, "c1", "alice", new ReplicaSetScaled("web-1", 1, 2,
                Map.of("a", "b")));

        assertThat(Codec.toJson(e)).isEqualTo(new String(Events.encode(e), StandardCharsets.UTF_8))
                .startsWith("{\"type\":\"ReplicaSetScaled\",\"eventId\":");
    }
}
