package io.rollbook.api.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every envelope ever written reads: version 1 without a field, older versions through the upcasters. */
class EventVersionsTest {

    /** A made-up history of ReplicaSetScaled: v1 said "count", v2 "from"/"count", v3 is today's "from"/"to". */
    private static final EventVersions HISTORY = new EventVersions(List.of(
            new EventVersions.Upcaster("ReplicaSetScaled", 1, d -> d.put("from", 0)),
            new EventVersions.Upcaster("ReplicaSetScaled", 2, d -> rename(d, "count", "to"))));

    private static ObjectNode rename(ObjectNode d, String from, String to) {
        d.set(to, d.remove(from));
        return d;
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyTypeIsAtVersionOneUntilItGetsAnUpcaster() {
        assertThat(Events.TYPES.keySet()).allSatisfy(type -> assertThat(EventVersions.RELEASED.current(type)).isOne());
        assertThat(HISTORY.current("ReplicaSetScaled")).isEqualTo(3);
        assertThat(HISTORY.current("RolloutPaused")).isOne();
    }

    @Test
    void anEnvelopeWithoutAVersionIsVersionOneAndRunsTheWholeChain() {
        EventEnvelope e = Events.readTree(bytes("{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"default/web\","
                + "\"sequence\":4,\"data\":{\"replicaSet\":\"web-1\",\"count\":2}}"), HISTORY);

        assertThat(e.data()).isEqualTo(new ReplicaSetScaled("web-1", 0, 2, null));
    }

    @Test
    void aMiddleVersionRunsOnlyTheStepsAfterIt() {
        EventEnvelope e = Events.readTree(bytes("{\"type\":\"ReplicaSetScaled\",\"version\":2,\"aggregate\":\"d/w\","
                + "\"data\":{\"replicaSet\":\"web-1\",\"from\":1,\"count\":2}}"), HISTORY);

        assertThat(e.data()).isEqualTo(new ReplicaSetScaled("web-1", 1, 2, null));
    }

    @Test
    void theCurrentVersionIsReadAsItIs() {
        EventEnvelope e = Events.readTree(bytes("{\"type\":\"ReplicaSetScaled\",\"version\":3,\"aggregate\":\"d/w\","
                + "\"data\":{\"replicaSet\":\"web-1\",\"from\":1,\"to\":2}}"), HISTORY);

        assertThat(e.data()).isEqualTo(new ReplicaSetScaled("web-1", 1, 2, null));
    }

    @Test
    void aVersionNewerThanThisReleaseIsAClearError() {
        byte[] future = bytes("{\"type\":\"RolloutPaused\",\"version\":2,\"aggregate\":\"default/web\",\"data\":{}}");

        assertThatThrownBy(() -> Events.decode(future)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event type \"RolloutPaused\" version 2 is newer than this release reads (up to 1): "
                        + "upgrade Rollbook to read it");
        assertThatThrownBy(() -> Events.decode(bytes("{\"type\":\"RolloutPaused\",\"version\":\"2\","
                + "\"aggregate\":\"default/web\",\"data\":{}}"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event version must be an integer, was \"2\"");
        assertThatThrownBy(() -> Events.decode(bytes("{\"type\":\"RolloutPaused\",\"version\":0,"
                + "\"aggregate\":\"default/web\",\"data\":{}}"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event type \"RolloutPaused\" has version 0; versions count from 1");
    }

    @Test
    void anExplicitVersionOneReadsAsTheAbsentOne() {
        EventEnvelope e = Events.decode(bytes("{\"type\":\"RolloutPaused\",\"version\":1,\"aggregate\":\"default/web\","
                + "\"data\":{}}"));

        assertThat(e).isEqualTo(EventEnvelope.of("default/web", 0, null, null, null, new RolloutPaused()));
    }

    @Test
    void aChainWithAGapIsRefused() {
        assertThatThrownBy(() -> new EventVersions(List.of(new EventVersions.Upcaster("PodReady", 2, d -> d))))
                .hasMessage("the upcasters of PodReady must read versions 1, 2, 3 ... in order; found one from "
                        + "version 2 after 0");
    }
}
