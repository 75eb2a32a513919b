package io.rollbook.api.codec;

import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;
import java.util.Arrays;
import java.time.Instant;

/**
 * Shares equal strings and instants among the values one reader decodes, so a log folded into
 * memory keeps one {@code "default/web"}, one node name and one event time instead of one per event
 * (a 1,000,000-event replay kept ~800 bytes per event, most of it repeated text, and the collector
 * spent more time copying it than the fold spent folding).
 *
 * <p>Lossy and bounded: a fixed table of recent values by hash, a newer value replaces an older one
 * in its slot, so a unique value costs one slot write and never grows anything. Not thread-safe:
 * one pool per decoding thread, passed to Jackson as the deserialization attribute {@link #ATTRIBUTE}.
 * The values are only shared, never changed: decoding with or without a pool gives equal results.
 */
public final class ValuePool {

    /** The {@code DeserializationContext} attribute under which readers find the pool. */
    public static final Object ATTRIBUTE = ValuePool.class;

    /** Longer strings are rarely repeated (messages with counts, manifests' text): not worth a slot. */
    private static final int MAX_POOLED_LENGTH = 96;

    private final String[] strings = new String[1 << 12];
    /** The chars of each slot's string, compared with the parser's buffer without decoding a String. */
    private final char[][] keys = new char[1 << 12][];
    private final Instant[] instants = new Instant[1 << 8];

    /** The current string token's text, shared with an equal one read before when the pool has it. */
    public String text(JsonParser p) throws IOException {
        int length = p.getTextLength();
        if (length > MAX_POOLED_LENGTH) {
            return p.getText();
        }
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int hash = 0;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + chars[i];
        }
        int slot = (hash ^ (hash >>> 12)) & (strings.length - 1);
        char[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, chars, offset, offset + length)) {
            return strings[slot];
        }
        String value = new String(chars, offset, length);
        strings[slot] = value;
        keys[slot] = Arrays.copyOfRange(chars, offset, offset + length);
        return value;
    }

    /** {@code value} itself, or an equal instant read before. */
    public Instant instant(Instant value) {
        int hash = Long.hashCode(value.getEpochSecond()) * 31 + value.getNano();
        int slot = (hash ^ (hash >>> 8)) & (instants.length - 1);
        Instant known = instants[slot];
        if (value.equals(known)) {
            return known;
        }
        instants[slot] = value;
        return value;
    }
}
