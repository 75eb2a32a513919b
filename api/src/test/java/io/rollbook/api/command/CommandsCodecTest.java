package io.rollbook.api.command;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.value.ObjectRef;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command envelope's {@code type} is written and read as the payload's discriminator, by either writer. */
class CommandsCodecTest {

    private static final Instant T = Instant.parse("2026-11-26T10:00:03Z");

    @Test
    void typeIsWrittenAfterTheIdAndReadBackAsThePayloadsType() {
        CommandEnvelope c = CommandEnvelope.of("c1", ObjectRef.deployment("default", "web"), T, "alice", "why",
                new Scale(3));
        String json = new String(Commands.encode(c), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"commandId\":\"c1\",\"type\":\"Scale\",\"target\":{\"kind\":\"Deployment\","
                + "\"namespace\":\"default\",\"name\":\"web\"},\"issuedAt\":\"2026-11-26T10:00:03Z\","
                + "\"issuedBy\":\"alice\",\"changeCause\":\"why\",\"payload\":{\"replicas\":3}}");
        assertThat(Codec.toJson(c)).isEqualTo(json);
        CommandEnvelope back = Commands.decode(json.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
        assertThat(back).isEqualTo(c);
        assertThat(back.type()).isEqualTo("Scale");
    }

    @Test
    void deletePodNamesItsPodAndIsRefusedWithoutOne() {
        CommandEnvelope c = CommandEnvelope.of("c2", ObjectRef.replicaSet("default", "web-1"), T, "alice", null,
                new DeletePod("web-1-abcde"));
        String json = new String(Commands.encode(c), StandardCharsets.UTF_8);
        assertThat(json).contains("\"type\":\"DeletePod\"", "\"payload\":{\"pod\":\"web-1-abcde\"}");
        assertThat(Commands.decode(json.getBytes(StandardCharsets.UTF_8), Instant.EPOCH)).isEqualTo(c);
        byte[] none = json.replace("{\"pod\":\"web-1-abcde\"}", "{}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Commands.decode(none, Instant.EPOCH)).isInstanceOf(MalformedCommand.class)
                .hasMessageContaining("payload.pod");
    }
}
