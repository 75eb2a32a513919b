package io.rollbook.engine.controllers;

import java.nio.charset.StandardCharsets;

/**
 * Pod names as {@code <replicaset>-<5 chars>}, like upstream's generateName, but derived from the
 * ReplicaSet and an ordinal instead of a random source, so replaying the log gives the same names.
 */
public final class PodNames {
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

    private PodNames() {
    }

    public static String name(String replicaSet, int ordinal) {
        int h = 0x811c9dc5;
        for (byte b : (replicaSet + "/" + ordinal).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        long v = Integer.toUnsignedLong(h);
        StringBuilder sb = new StringBuilder(replicaSet).append('-');
        for (int i = 0; i < 5; i++) {
            sb.append(ALPHANUMS.charAt((int) (v % ALPHANUMS.length())));
            v /= ALPHANUMS.length();
        }
        return sb.toString();
    }
}
