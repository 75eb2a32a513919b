package io.rollbook.infra.kafka;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActorSealTest {

    private static final byte[] VALUE = "{\"commandId\":\"c-1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSealVerifiesOnlyItsOwnValueUnderItsOwnKey() {
        ActorSeal seal = ActorSeal.of(new byte[32]);
        RecordHeaders h = new RecordHeaders();
        seal.sealInto(h, VALUE);
        assertThat(seal.verifies(h, VALUE)).isTrue();
        assertThat(seal.verifies(h, "{\"commandId\":\"c-2\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
        byte[] other = new byte[32];
        other[31] = 7;
        assertThat(ActorSeal.of(other).verifies(h, VALUE)).isFalse();
        assertThat(ActorSeal.NONE.verifies(h, VALUE)).as("without a key nothing is believed").isFalse();
        assertThat(seal.verifies(new RecordHeaders(), VALUE)).isFalse();
    }

    @Test
    void withoutAKeyNothingIsSealed() {
        RecordHeaders h = new RecordHeaders();
        ActorSeal.NONE.sealInto(h, VALUE);
        assertThat(h.toArray()).isEmpty();
    }

    @Test
    void aClaimSaysSo() {
        assertThat(ActorSeal.claimed("ops-bot")).isEqualTo("ops-bot (claimed, via Kafka)");
        assertThat(ActorSeal.claimed(null)).isEqualTo("unknown (claimed, via Kafka)");
        assertThat(ActorSeal.claimed(" ")).isEqualTo("unknown (claimed, via Kafka)");
    }

    @Test
    void theKeyFileIsMadeOnceOwnerOnlyAndKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data").resolve("seal.key");
        ActorSeal first = ActorSeal.inFile(file);
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        RecordHeaders h = new RecordHeaders();
        first.sealInto(h, VALUE);
        assertThat(ActorSeal.inFile(file).verifies(h, VALUE)).as("the same key after a restart").isTrue();
        assertThatThrownBy(() -> ActorSeal.of(new byte[16])).hasMessage("a seal key needs at least 32 bytes, had 16");
    }

    @Test
    void processesStartingTogetherOnOneDataDirectoryAgreeOnOneKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("seal.key");
        java.util.List<java.util.concurrent.Future<ActorSeal>> made = new java.util.ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 8; i++) {
                made.add(pool.submit(() -> ActorSeal.inFile(file)));
            }
            RecordHeaders h = new RecordHeaders();
            made.get(0).get().sealInto(h, VALUE);
            for (var f : made) {
                assertThat(f.get().verifies(h, VALUE)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(file);
        }
    }
}
