package io.rollbook.engine.deployment.util;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.Semantic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The pod-template-hash that names a Deployment's ReplicaSets (controller_utils.go ComputeHash, with
 * rand.SafeEncodeString): FNV-32a over a canonical
 * dump of the template (keys sorted and what equals absent left out, as {@link Semantic} reads it, so
 * semantically equal templates hash equally however they were written, as Go's dump of the struct does),
 * then the collision count, printed in decimal and mapped to a vowel-free alphabet.
 */
public final class TemplateHash {

    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private TemplateHash() {
    }

    /** The hash of {@code template}, changed by a non-null {@code collisionCount}. */
    public static String compute(PodTemplateSpec template, Integer collisionCount) {
        int hash = FNV_OFFSET;
        byte[] dump = canonical(Semantic.normalized(Codec.toTree(template))).getBytes(StandardCharsets.UTF_8);
        hash = fnv(hash, dump);
        if (collisionCount != null) {
            byte[] bytes = new byte[8]; // 4 little-endian bytes, padded to 8 as upstream does
            int c = collisionCount;
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) (c >>> (8 * i));
            }
            hash = fnv(hash, bytes);
        }
        return safeEncode(Integer.toUnsignedString(hash));
    }

    private static int fnv(int hash, byte[] bytes) {
        int h = hash;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }

    /** Maps each character through the alphabet by its code mod 27: digits 0-9 become 4 5 6 7 8 9 b c d f. */
    static String safeEncode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            sb.append(ALPHANUMS.charAt(s.charAt(i) % ALPHANUMS.length()));
        }
        return sb.toString();
    }

    /** JSON with object keys sorted at every level. */
    static String canonical(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    private static void write(JsonNode node, StringBuilder sb) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            sb.append('{');
            for (int i = 0; i < names.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(Codec.toJson(names.get(i))).append(':');
                write(node.get(names.get(i)), sb);
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            Iterator<JsonNode> it = node.elements();
            for (int i = 0; it.hasNext(); i++) {
                sb.append(i == 0 ? "" : ",");
                write(it.next(), sb);
            }
            sb.append(']');
        } else {
            sb.append(node.toString());
        }
    }
}
