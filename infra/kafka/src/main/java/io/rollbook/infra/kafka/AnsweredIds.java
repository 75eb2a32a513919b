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
 * one hash never share an outcome. Not thread-safe.
 *
 * <p>Nothing is copied to grow, and no array is large. The ring is kept in chunks of
 * {@link #CHUNK} answers (a 128 KB {@code long[]}, well below half of G1's smallest region, so
 * never a humongous object), allocated as the ring fills and released as it drains: the ring takes
 * at most one chunk more than the answers kept. Each answer has a sequence number; its chunk is the
 * number divided by the chunk size. The index is in pages of {@link #CHUNK} slots; when it must
 * double, it is dropped first and rebuilt from the ring, so a second index never lives beside the
 * first. The index does not shrink.
 */
final class AnsweredIds {

    /** The times, in seconds from this instant (2020-01-01T00:00:00Z), fit an int until 2088. */
    static final long TIME_BASE_MILLIS = 1_577_836_800_000L;
    /** Answers in a chunk of the ring, and slots in a page of the index. */
    static final int CHUNK = 1 << 14;
    /** The index holds sequence numbers modulo this, + 1; the cap stays below it. */
    private static final int SEQ_MASK = (1 << 30) - 1;
    private static final long[] NONE = new long[0];
    private static final int MIN_INDEX = 64;

    private final int cap;
    private final int chunkBits;
    private final int chunkMask;
    /** Chunk {@code c} (sequence numbers {@code c << chunkBits} on) is at {@code c % hashes.length}; null when not live. */
    private final long[][] hashes;
    private final long[][] offsets;
    /** Seconds after {@link #TIME_BASE_MILLIS}, rounded up: an answer is kept up to a second longer, never shorter. */
    private final int[][] seconds;
    /** The sequence number of the oldest answer kept. */
    private long first;
    private int size;
    private int chunksLive;
    /** Pages of the index: (sequence number modulo 2^30) + 1 of each indexed answer; 0 is a free slot. */
    private int[][] index;
    private int indexLength;
    private final int pageBits;
    /** Slots in a page of the index now: the whole index while it is smaller than a page. */
    private int pageShift;
    private int pageMask;
    private long dropped;

    AnsweredIds(int cap) {
        this(cap, 14);
    }

    /** With chunks (and index pages) of {@code 2^chunkBits}, capped at {@link #CHUNK}; small ones for tests. */
    AnsweredIds(int cap, int chunkBits) {
        if (cap < 1 || cap > SEQ_MASK) {
            throw new IllegalArgumentException("cap must be between 1 and " + SEQ_MASK + ", was " + cap);
        }
        if (chunkBits < 1 || chunkBits > 14) {
            throw new IllegalArgumentException("chunkBits must be between 1 and 14, was " + chunkBits);
        }
        this.cap = cap;
        // a small cap takes a small chunk: the power of two at or above it
        int bits = Math.min(chunkBits, 32 - Integer.numberOfLeadingZeros(cap - 1));
        this.chunkBits = Math.max(bits, 1);
        this.chunkMask = (1 << this.chunkBits) - 1;
        // cap answers from anywhere in a chunk span at most (cap - 1) / chunk + 2 chunks
        int slots = ((cap - 1) >> this.chunkBits) + 2;
        this.hashes = new long[slots][];
        this.offsets = new long[slots][];
        this.seconds = new int[slots][];
        this.pageBits = this.chunkBits;
        buildIndex(MIN_INDEX);
    }

    /**
     * An answer: the outcome of the id hashed {@code hash} is at {@code offset}, written at
     * {@code atMillis}. At the cap, the oldest answer goes first (counted by {@link #dropped} when no
     * newer answer of its hash stays).
     */
    void add(long hash, long offset, long atMillis) {
        if (size == cap && removeHead()) {
            dropped++;
        }
        if (size + 1 > indexLength / 4L * 3) {
            buildIndex(indexLength * 2);
        }
        long seq = first + size;
        int c = chunkSlot(seq);
        if (hashes[c] == null) {
            hashes[c] = new long[chunkMask + 1];
            offsets[c] = new long[chunkMask + 1];
            seconds[c] = new int[chunkMask + 1];
            chunksLive++;
        }
        int at = (int) (seq & chunkMask);
        hashes[c][at] = hash;
        offsets[c][at] = offset;
        seconds[c][at] = toSeconds(atMillis);
        size++;
        insert(hash, seq);
    }

    /** Forgets the answers written before {@code oldestMillis} (the start of the window). */
    void expireBefore(long oldestMillis) {
        while (size > 0 && millisOf(seconds[chunkSlot(first)][(int) (first & chunkMask)]) < oldestMillis) {
            removeHead();
        }
    }

    /** The offsets of the answers whose id hashes to {@code hash}, oldest first: usually none or one. */
    long[] offsetsOf(long hash) {
        long[] found = NONE;
        int mask = indexLength - 1;
        for (int slot = slotOf(hash); slot(slot) != 0; slot = (slot + 1) & mask) {
            long seq = seqOf(slot(slot));
            if (hashAt(seq) == hash) {
                found = Arrays.copyOf(found, found.length + 1);
                found[found.length - 1] = offsets[chunkSlot(seq)][(int) (seq & chunkMask)];
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

    /** The bytes the arrays take now: the live chunks of the ring and the index. */
    long bytes() {
        return (long) chunksLive * (chunkMask + 1) * (8 + 8 + 4) + (long) indexLength * 4;
    }

    /** Chunks of the ring allocated now. */
    int chunks() {
        return chunksLive;
    }

    /** Removes the oldest answer; whether it was the last one of its hash (so its id is forgotten). */
    private boolean removeHead() {
        long hash = hashAt(first);
        boolean last = true;
        int mask = indexLength - 1;
        int found = -1;
        for (int slot = slotOf(hash); slot(slot) != 0; slot = (slot + 1) & mask) {
            long seq = seqOf(slot(slot));
            if (seq == first) {
                found = slot;
            } else if (hashAt(seq) == hash) {
                last = false;
            }
        }
        if (found < 0) {
            throw new IllegalStateException("answer " + first + " is not indexed");
        }
        deleteSlot(found);
        first++;
        size--;
        if ((first & chunkMask) == 0 || size == 0) {
            // the head left its chunk (or the ring is empty): the chunk behind it is released
            releaseChunk(first - 1);
        }
        return last;
    }

    private void releaseChunk(long seq) {
        int c = chunkSlot(seq);
        boolean stillUsed = size > 0 && chunkSlot(first) == c;
        if (hashes[c] != null && !stillUsed) {
            hashes[c] = null;
            offsets[c] = null;
            seconds[c] = null;
            chunksLive--;
        }
    }

    /** Linear probing's deletion: later entries of the run move back into the hole, so no search stops early. */
    private void deleteSlot(int hole) {
        int mask = indexLength - 1;
        int next = (hole + 1) & mask;
        while (slot(next) != 0) {
            int home = slotOf(hashAt(seqOf(slot(next))));
            // the entry at next may fill the hole if its home is not in (hole, next], cyclically
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                setSlot(hole, slot(next));
                hole = next;
            }
            next = (next + 1) & mask;
        }
        setSlot(hole, 0);
    }

    /** An index of {@code length} slots over the answers kept; the old one is dropped before the new one is made. */
    private void buildIndex(int length) {
        index = null;
        int pageSize = Math.min(length, 1 << pageBits);
        int[][] pages = new int[length / pageSize][];
        for (int p = 0; p < pages.length; p++) {
            pages[p] = new int[pageSize];
        }
        index = pages;
        indexLength = length;
        pageShift = Integer.numberOfTrailingZeros(pageSize);
        pageMask = pageSize - 1;
        for (int i = 0; i < size; i++) {
            insert(hashAt(first + i), first + i);
        }
    }

    private void insert(long hash, long seq) {
        int slot = slotOf(hash);
        while (slot(slot) != 0) {
            slot = (slot + 1) & (indexLength - 1);
        }
        setSlot(slot, (int) (seq & SEQ_MASK) + 1);
    }

    private int slot(int slot) {
        return index[slot >>> pageShift][slot & pageMask];
    }

    private void setSlot(int slot, int value) {
        index[slot >>> pageShift][slot & pageMask] = value;
    }

    /** The sequence number an index entry names: the one of the answers kept with those low 30 bits. */
    private long seqOf(int entry) {
        return first + (((entry - 1) - (first & SEQ_MASK)) & SEQ_MASK);
    }

    private long hashAt(long seq) {
        return hashes[chunkSlot(seq)][(int) (seq & chunkMask)];
    }

    private int chunkSlot(long seq) {
        return (int) ((seq >>> chunkBits) % hashes.length);
    }

    private int slotOf(long hash) {
        return (int) (hash ^ (hash >>> 32)) & (indexLength - 1);
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
