package io.rollbook.api.rollout;

import io.rollbook.api.codec.Codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Rollout transitions as {@code rollbook.rollouts} holds them: JSON, UTF-8, one per record, keyed by Deployment. */
public final class RolloutRecords {

    private RolloutRecords() {
    }

    public static byte[] encode(RolloutRecord record) {
        return Codec.toJson(record).getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when {@code value} is not a rollout record */
    public static RolloutRecord decode(byte[] value) {
        try {
            return Codec.json().readValue(value, RolloutRecord.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable rollout record: " + e.getMessage(), e);
        }
    }
}
