package io.rollbook.infra.kafka;

import java.util.Arrays;

/**
 * The answers one partition gave, compactly: for each, the 64-bit hash of the command id, the offset
 * of its outcome record on {@code rollbook.outcomes} and when it was answered, in primitive arrays,
 * 20 bytes an answer in the ring and 4 bytes a slot in the index (4/3 to 8/3 slots an answer), 25 to
 * 31 bytes an answer (docs/BENCHMARKS.md, "Dedupe footprint"), instead of the 290 or so an id, its
 * outcome and its time cost as objects.
 *
 * <p>A ring in answer order (the oldest at the head, so the window and the cap both drop from
 * there) and an open-addressing index over it (linear probing, at most three quarters full,
 * backward-shift deletion: no tombstones). Every answer is an entry of its own, a repeat answered
 * again too: an id is remembered as long as its latest answer is. The hash only narrows the search:
 * {@link ProcessedCommands} reads the outcome back at the offset and compares its id, so two ids with
 * one hash never share an outcome. The arrays grow in steps of a quarter up to {@code cap} answers and
 * do not shrink. Not thread-safe.
 */
final class AnsweredIds {

    /** The times, in seconds from this instant (2020-01-01T00:00:00Z), fit an int until 2088. */
    static final long TIME_BASE_MILLIS = 1_577_836_800_000L;
    private static final long[] NONE = new long[0];
    private static final int MIN_INDEX = 64;

    private final int cap;
    private long[] hashes;
    private long[] offsets;
    /** Seconds after {@link #TIME_BASE_MILLIS}, rounded up: an answer is kept up to a second longer, never shorter. */
    private int[] seconds;
    private int head;
    private int size;
    /** Ring position + 1 of each indexed answer; 0 is a free slot. */
    private int[] index;
    private long dropped;

    AnsweredIds(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be positive, was " + cap);
        }
        this.cap = cap;
        allocate(Math.min(cap, MIN_INDEX / 4 * 3), MIN_INDEX);
    }

    /**
     * An answer: the outcome of the id hashed {@code hash} is at {@code offset}, written at
     * {@code atMillis}. At the cap, the oldest answer goes first (counted by {@link #dropped} when no
     * newer answer of its hash stays).
     */
    void add(long hash, long offset, long atMillis) {
        if (size == hashes.length) {
            if (hashes.length < cap) {
                grow();
            } else {
                if (removeHead()) {
                    dropped++;
                }
            }
        }
        int at = position(size);
        hashes[at] = hash;
        offsets[at] = offset;
        seconds[at] = toSeconds(atMillis);
        size++;
        int slot = slotOf(hash);
        while (index[slot] != 0) {
            slot = (slot + 1) & (index.length - 1);
        }
        index[slot] = at + 1;
    }

    /** Forgets the answers written before {@code oldestMillis} (the start of the window). */
    void expireBefore(long oldestMillis) {
        while (size > 0 && millisOf(seconds[head]) < oldestMillis) {
            removeHead();
        }
    }

    /** The offsets of the answers whose id hashes to {@code hash}, oldest first: usually none or one. */
    long[] offsetsOf(long hash) {
        long[] found = NONE;
        for (int slot = slotOf(hash); index[slot] != 0; slot = (slot + 1) & (index.length - 1)) {
            int at = index[slot] - 1;
            if (hashes[at] == hash) {
                found = Arrays.copyOf(found, found.length + 1);
                found[found.length - 1] = offsets[at];
            }
        }
        Arrays.sort(found);
        return found;
    }

    /** Answers kept. */
    int size() {
        return size;
    }

    /** Answers dropped at the cap while younger than the window, whose id had no newer answer. */
    long dropped() {
        return dropped;
    }

    /** The bytes the arrays take now. */
    long bytes() {
        return (long) hashes.length * (8 + 8 + 4) + (long) index.length * 4;
    }

    /** Removes the oldest answer; whether it was the last one of its hash (so its id is forgotten). */
    private boolean removeHead() {
        long hash = hashes[head];
        boolean last = true;
        int slot = slotOf(hash);
        int found = -1;
        for (; index[slot] != 0; slot = (slot + 1) & (index.length - 1)) {
            int at = index[slot] - 1;
            if (at == head) {
                found = slot;
            } else if (hashes[at] == hash) {
                last = false;
            }
        }
        if (found < 0) {
            throw new IllegalStateException("answer at ring position " + head + " is not indexed");
        }
        deleteSlot(found);
        head = (head + 1) % hashes.length;
        size--;
        return last;
    }

    /** Linear probing's deletion: later entries of the run move back into the hole, so no search stops early. */
    private void deleteSlot(int hole) {
        int mask = index.length - 1;
        int next = (hole + 1) & mask;
        while (index[next] != 0) {
            int home = slotOf(hashes[index[next] - 1]);
            // the entry at next may fill the hole if its home is not in (hole, next], cyclically
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                index[hole] = index[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        index[hole] = 0;
    }

    /**
     * A ring a quarter larger (at least 1,024 more, at most the cap), and an index twice as large
     * when the ring would fill more than three quarters of it: small steps, so the heap follows the
     * answers kept (doubling the ring made the heap jump by half of it at once).
     */
    private void grow() {
        long[] oldHashes = hashes;
        long[] oldOffsets = offsets;
        int[] oldSeconds = seconds;
        int oldHead = head;
        int n = size;
        int ring = (int) Math.min(cap, Math.max(oldHashes.length + 1024L, oldHashes.length * 5L / 4));
        int indexLength = index.length;
        while (ring > indexLength / 4L * 3) {
            indexLength *= 2;
        }
        allocate(ring, indexLength);
        for (int i = 0; i < n; i++) {
            int from = (oldHead + i) % oldHashes.length;
            hashes[i] = oldHashes[from];
            offsets[i] = oldOffsets[from];
            seconds[i] = oldSeconds[from];
            int slot = slotOf(hashes[i]);
            while (index[slot] != 0) {
                slot = (slot + 1) & (index.length - 1);
            }
            index[slot] = i + 1;
        }
        size = n;
    }

    private void allocate(int ring, int indexLength) {
        index = new int[indexLength];
        hashes = new long[ring];
        offsets = new long[ring];
        seconds = new int[ring];
        head = 0;
        size = 0;
    }

    private int position(int i) {
        return (head + i) % hashes.length;
    }

    private int slotOf(long hash) {
        return (int) (hash ^ (hash >>> 32)) & (index.length - 1);
    }

    static int toSeconds(long millis) {
        long s = Math.floorDiv(millis - TIME_BASE_MILLIS + 999, 1000);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, s));
    }

    private static long millisOf(int seconds) {
        return TIME_BASE_MILLIS + seconds * 1000L;
    }

    /**
     * The 64-bit hash of a command id: FNV-1a over its chars, then SplitMix64's finalizer so that the
     * low bits (the index's) are as mixed as the high ones.
     */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
