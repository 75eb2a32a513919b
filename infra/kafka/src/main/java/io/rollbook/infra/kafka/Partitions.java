package io.rollbook.infra.kafka;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * The partition of a key, as Kafka's default partitioner computes it for keyed records. Commands,
 * events and outcomes have the same partition count, so an object's records share one index in all
 * three topics and the engine instance that owns it reads and writes them together.
 */
public final class Partitions {
    private Partitions() {
    }

    public static int of(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
