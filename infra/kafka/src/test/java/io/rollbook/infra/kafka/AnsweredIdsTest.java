package io.rollbook.infra.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The compact table of one partition's answers: hashes, offsets, times in answer order. */
class AnsweredIdsTest {

    private static final long T = 1_796_119_200_000L; // 2026-12-01T10:00:00Z

    @Test
    void anAnswerIsFoundByItsHashWithItsOffset() {
        AnsweredIds ids = new AnsweredIds(100);
        ids.add(7, 40, T);
        ids.add(8, 41, T);

        assertThat(ids.offsetsOf(7)).containsExactly(40);
        assertThat(ids.offsetsOf(9)).isEmpty();
    }

    @Test
    void answersOfOneHashComeOldestFirst() {
        AnsweredIds ids = new AnsweredIds(100);
        ids.add(7, 40, T);
        ids.add(7, 12, T); // a restore reads offsets in order; the table sorts whatever it is given
        ids.add(7, 90, T);

        assertThat(ids.offsetsOf(7)).containsExactly(12, 40, 90);
    }

    @Test
    void growingKeepsEveryAnswerAndItsOrder() {
        AnsweredIds ids = new AnsweredIds(10_000);
        for (int i = 0; i < 5_000; i++) {
            ids.add(AnsweredIds.hash("c-" + i), i, T + i * 1000L);
        }
        ids.expireBefore(T + 1000L * 4_000);

        assertThat(ids.size()).isEqualTo(1_000);
        assertThat(ids.offsetsOf(AnsweredIds.hash("c-3999"))).isEmpty();
        assertThat(ids.offsetsOf(AnsweredIds.hash("c-4000"))).containsExactly(4000);
        assertThat(ids.offsetsOf(AnsweredIds.hash("c-4999"))).containsExactly(4999);
    }

    @Test
    void removingFromARunOfCollidingSlotsKeepsTheRestFindable() {
        // hashes 64 apart share a home slot in the first 64-slot index: one long run of probes
        AnsweredIds ids = new AnsweredIds(40);
        for (int i = 0; i < 40; i++) {
            ids.add(i % 2 == 0 ? 64L * i : i, i, T + i * 1000L);
        }
        ids.expireBefore(T + 1000L * 20);

        for (int i = 20; i < 40; i++) {
            assertThat(ids.offsetsOf(i % 2 == 0 ? 64L * i : i)).as("answer %d", i).containsExactly(i);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(ids.offsetsOf(i % 2 == 0 ? 64L * i : i)).as("answer %d", i).isEmpty();
        }
    }

    @Test
    void atTheCapTheOldestAnswerGoesAndIsCountedOnlyWhenItsHashHasNoNewerOne() {
        AnsweredIds ids = new AnsweredIds(3);
        ids.add(1, 0, T);
        ids.add(1, 1, T); // the same id answered again
        ids.add(2, 2, T);
        ids.add(3, 3, T); // drops offset 0: hash 1 is still answered at 1
        assertThat(ids.dropped()).isZero();

        ids.add(4, 4, T); // drops offset 1, the last answer of hash 1
        assertThat(ids.dropped()).isOne();
        assertThat(ids.offsetsOf(1)).isEmpty();
        assertThat(ids.size()).isEqualTo(3);
    }

    @Test
    void anAnswerIsKeptAtLeastTheWindowTimesRoundedUpToTheSecond() {
        AnsweredIds ids = new AnsweredIds(10);
        ids.add(1, 0, T + 1); // kept as T + 1 s

        ids.expireBefore(T + 1000);
        assertThat(ids.size()).isOne();
        ids.expireBefore(T + 1001);
        assertThat(ids.size()).isZero();
    }

    @Test
    void atItsCapOfAMillionAnswersItsArraysTake28Megabytes() {
        AnsweredIds ids = new AnsweredIds(1_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            ids.add(AnsweredIds.hash("c-" + i), i, T);
        }
        // ring 20 bytes an answer in 62 chunks of 16,384, index 4 bytes a slot: 2^21 slots
        assertThat(ids.chunks()).isEqualTo(62);
        assertThat(ids.bytes()).isEqualTo(62L * AnsweredIds.CHUNK * 20 + (1L << 21) * 4);
    }

    @Test
    void theRingTakesChunksAsItFillsAndReleasesThemAsItDrains() {
        AnsweredIds ids = new AnsweredIds(100, 3); // chunks of 8 answers
        for (int i = 0; i < 20; i++) {
            ids.add(i, i, T + i * 1000L);
        }
        assertThat(ids.chunks()).isEqualTo(3); // 0-7, 8-15, 16-19

        ids.expireBefore(T + 1000L * 8); // the first chunk drained
        assertThat(ids.chunks()).isEqualTo(2);
        ids.expireBefore(T + 1000L * 9); // one answer into the second chunk: it stays
        assertThat(ids.chunks()).isEqualTo(2);
        ids.expireBefore(T + 1000L * 20); // all gone
        assertThat(ids.size()).isZero();
        assertThat(ids.chunks()).isZero();

        ids.add(99, 7, T + 30_000L); // an empty ring takes a chunk again
        assertThat(ids.chunks()).isOne();
        assertThat(ids.offsetsOf(99)).containsExactly(7);
    }

    @Test
    void expiryAcrossChunksKeepsExactlyTheAnswersInTheWindow() {
        AnsweredIds ids = new AnsweredIds(1_000, 2); // chunks of 4 answers
        for (int i = 0; i < 50; i++) {
            ids.add(AnsweredIds.hash("c-" + i), i, T + i * 1000L);
        }
        ids.expireBefore(T + 1000L * 13); // the head stops in the middle of a chunk

        assertThat(ids.size()).isEqualTo(37);
        for (int i = 0; i < 50; i++) {
            long[] expected = i < 13 ? new long[0] : new long[] {i};
            assertThat(ids.offsetsOf(AnsweredIds.hash("c-" + i))).as("answer %d", i).containsExactly(expected);
        }
        assertThat(ids.chunks()).isEqualTo(10); // 12-15 .. 48-49
    }

    @Test
    void theRingWrapsAroundItsChunkSlotsAtTheCapAndDropsOnlyTheOldest() {
        AnsweredIds ids = new AnsweredIds(10, 2); // chunks of 4, at most 4 of them live
        for (int i = 0; i < 1_000; i++) {
            ids.add(AnsweredIds.hash("c-" + i), i, T);
            assertThat(ids.size()).isEqualTo(Math.min(i + 1, 10));
            assertThat(ids.chunks()).isLessThanOrEqualTo(4);
        }
        assertThat(ids.dropped()).isEqualTo(990);
        for (int i = 985; i < 1_000; i++) {
            long[] expected = i < 990 ? new long[0] : new long[] {i};
            assertThat(ids.offsetsOf(AnsweredIds.hash("c-" + i))).as("answer %d", i).containsExactly(expected);
        }
    }

    @Test
    void anIndexRebuiltOverManyPagesFindsEveryAnswerAcrossTheChunks() {
        AnsweredIds ids = new AnsweredIds(100_000, 4); // chunks and index pages of 16
        for (int i = 0; i < 3_000; i++) {
            ids.add(AnsweredIds.hash("c-" + i), i, T + i * 1000L);
        }
        ids.expireBefore(T + 1000L * 1_000);
        for (int i = 3_000; i < 6_000; i++) { // the index doubles again with a drained head
            ids.add(AnsweredIds.hash("c-" + i), i, T + i * 1000L);
        }

        assertThat(ids.size()).isEqualTo(5_000);
        assertThat(ids.offsetsOf(AnsweredIds.hash("c-999"))).isEmpty();
        for (int i = 1_000; i < 6_000; i++) {
            assertThat(ids.offsetsOf(AnsweredIds.hash("c-" + i))).as("answer %d", i).containsExactly(i);
        }
        assertThat(ids.bytes()).isEqualTo((long) ids.chunks() * 16 * 20 + 8_192L * 4);
    }

    @Test
    void aCapOutsideTheIndexRangeIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AnsweredIds(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cap must be between 1 and");
    }
}
