package io.rollbook.engine.verbs;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.command.Pause;
import io.rollbook.api.command.Resume;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.command.Undo;
import io.rollbook.api.state.Snapshots;
import io.rollbook.engine.aggregate.DeploymentAggregate;
import io.rollbook.engine.aggregate.FoldedAggregate;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The snapshot format. A golden snapshot (a canary Deployment rolled, paused, resumed and undone,
 * written by this format version) is committed: it must still decode, and re-encode to the same
 * JSON (every field, every value), so a change of the shape without a new {@link Snapshots#VERSION}
 * fails here. After a new version, the old golden file must be refused (a reader ignores it and
 * folds the log) and a new one written with {@code -Drollbook.writeSnapshotGolden=true}. Values
 * that are not snapshots, of another version, with a wrong checksum or that do not decode into a
 * consistent state are refused.
 */
class SnapshotFormatTest {

    private static final Path DIR = Path.of("src/test/resources/snapshots");

    private static Path golden(int version) {
        return DIR.resolve("v" + version + "-canary-deployment.bin");
    }

    @Test
    void theGoldenSnapshotOfThisVersionDecodesAndReencodesToTheSameBytes() throws Exception {
        if (Boolean.getBoolean("rollbook.writeSnapshotGolden")) {
            Files.createDirectories(DIR);
            Files.write(golden(Snapshots.VERSION), goldenValue());
        }
        byte[] committed = Files.readAllBytes(golden(Snapshots.VERSION));
        Snapshots.AggregateSnapshot decoded = Snapshots.decodeAggregate(committed);
        assertThat(tree(Snapshots.encode(decoded)))
                .as("the snapshot shape changed: raise Snapshots.VERSION and write a new golden file "
                        + "(-Drollbook.writeSnapshotGolden=true)").isEqualTo(tree(committed));
        DeploymentAggregate restored = (DeploymentAggregate) FoldedAggregate.of(decoded);
        assertThat(restored.state().canary()).isNotNull();
        assertThat(restored.state().revisionOutcomes()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(restored.state().pods()).isNotEmpty();
    }

    @Test
    void goldenSnapshotsOfEarlierVersionsAreRefused() throws IOException {
        for (int v = 1; v < Snapshots.VERSION; v++) {
            byte[] old = Files.readAllBytes(golden(v));
            assertThatThrownBy(() -> Snapshots.decodeAggregate(old)).isInstanceOf(Snapshots.Unreadable.class)
                    .hasMessageContaining("version " + v);
        }
    }

    @Test
    void theGoldenStateIsTheStateItWasWrittenFrom() throws Exception {
        byte[] now = goldenValue();
        assertThat(Codec.toTree(Snapshots.decodeAggregate(now))).isEqualTo(Codec.toTree(
                Snapshots.decodeAggregate(Files.readAllBytes(golden(Snapshots.VERSION)))));
    }

    @Test
    void aChangedByteFailsTheChecksum() throws Exception {
        byte[] value = goldenValue();
        value[value.length / 2] ^= 0x20;
        assertThatThrownBy(() -> Snapshots.decodeAggregate(value)).isInstanceOf(Snapshots.Unreadable.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void anUnknownVersionIsRefused() throws Exception {
        byte[] value = goldenValue();
        ByteBuffer.wrap(value).putShort(4, (short) (Snapshots.VERSION + 1));
        assertThatThrownBy(() -> Snapshots.decodeAggregate(value)).isInstanceOf(Snapshots.Unreadable.class)
                .hasMessageContaining("version " + (Snapshots.VERSION + 1));
    }

    @Test
    void aTruncatedValueOrAnotherRecordIsRefused() throws Exception {
        byte[] value = goldenValue();
        byte[] cut = java.util.Arrays.copyOf(value, value.length - 10);
        assertThatThrownBy(() -> Snapshots.decodeAggregate(cut)).isInstanceOf(Snapshots.Unreadable.class);
        assertThatThrownBy(() -> Snapshots.decodeAggregate(new byte[]{'{', '}'}))
                .isInstanceOf(Snapshots.Unreadable.class).hasMessageContaining("not a Rollbook snapshot");
        assertThatThrownBy(() -> Snapshots.decodeAggregate(null)).isInstanceOf(Snapshots.Unreadable.class);
    }

    @Test
    void aConsistentChecksumOverAnInconsistentStateIsRefused() throws Exception {
        Snapshots.AggregateSnapshot s = Snapshots.decodeAggregate(goldenValue());
        String json = Codec.toJson(s).replaceFirst("\"template\":0", "\"template\":7");
        assertThatThrownBy(() -> Snapshots.decodeAggregate(reframed(json))).isInstanceOf(Snapshots.Unreadable.class)
                .hasMessageContaining("template 7");
    }

    /** A canary rolled to 20 %, paused, resumed, then undone: canary state, outcomes, pods of two ReplicaSets. */
    static byte[] goldenValue() throws IOException {
        Simulation sim = new Simulation("nginx-canary");
        sim.apply(Simulation.example("canary.yaml"));
        sim.settle();
        sim.send(new SetImage(Map.of("nginx", "nginx:1.16.1")));
        sim.settle();
        sim.send(new Pause());
        sim.send(new Resume());
        sim.send(new Undo(0, false));
        sim.settle();
        String id = sim.target.aggregateId();
        FoldedAggregate folded = FoldedAggregate.empty(id);
        for (int i = 0; i < sim.log.size(); i++) {
            folded.fold(id, sim.log.get(i), sim.times.get(i));
        }
        return Snapshots.encode(folded.snapshot(id, sim.log.size() - 1, 4242));
    }

    /** A framed value's payload as a JSON tree: every field and value, in any order (a pod spec's fields move). */
    private static com.fasterxml.jackson.databind.JsonNode tree(byte[] value) throws IOException {
        return Codec.json().readTree(new String(value, 10, value.length - 10, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static byte[] reframed(String json) {
        byte[] payload = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(10 + payload.length).put(new byte[]{'R', 'B', 'S', 'N'}).putShort(Snapshots.VERSION)
                .putInt((int) crc.getValue()).put(payload).array();
    }
}
