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

    @Test
    void theFieldManagerAndServerSideAreOptionalAndRoundTrip() throws Exception {
        io.rollbook.api.manifest.KubeObject manifest = io.rollbook.api.codec.Manifests.parse(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n").get(0);
        CommandEnvelope c = new CommandEnvelope("c3", ObjectRef.deployment("default", "web"), T, "alice", null,
                new Apply(manifest, new Apply.ServerSide(true)), "ci");
        String json = new String(Commands.encode(c), StandardCharsets.UTF_8);
        assertThat(json).contains("\"fieldManager\":\"ci\",\"payload\"", "\"serverSide\":{\"force\":true}")
                .doesNotContain("\"changeCause\":null");
        assertThat(Codec.toJson(c)).isEqualTo(json);
        assertThat(Commands.decode(json.getBytes(StandardCharsets.UTF_8), Instant.EPOCH)).isEqualTo(c);
        // a command written before field managers: none, a plain apply, recorded as Rollbook's
        String old = "{\"commandId\":\"c4\",\"type\":\"Apply\",\"target\":{\"kind\":\"Deployment\","
                + "\"namespace\":\"default\",\"name\":\"web\"},\"payload\":{\"manifest\":"
                + Codec.toJson(manifest) + "}}";
        CommandEnvelope back = Commands.decode(old.getBytes(StandardCharsets.UTF_8), T);
        assertThat(back.fieldManager()).isNull();
        assertThat(back.fieldManagerOrDefault()).isEqualTo(CommandEnvelope.DEFAULT_FIELD_MANAGER);
        assertThat(((Apply) back.payload()).serverSide()).isNull();
        assertThatThrownBy(() -> Commands.decode(old.replace("\"manifest\"", "\"serverSide\":{\"force\":\"yes\"},"
                + "\"manifest\"").getBytes(StandardCharsets.UTF_8), T)).isInstanceOf(MalformedCommand.class)
                .hasMessageContaining("payload.serverSide");
    }
}
