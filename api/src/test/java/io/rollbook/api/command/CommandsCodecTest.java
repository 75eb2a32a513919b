package io.rollbook.api.command;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.value.ObjectRef;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

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
}
