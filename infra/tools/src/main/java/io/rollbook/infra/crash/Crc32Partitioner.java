package io.rollbook.infra.crash;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

import java.util.Map;
import java.util.zip.CRC32;

/**
 * librdkafka's default partitioner for keyed records ({@code consistent_random}: CRC32 of the key
 * bytes modulo the partition count), in a Java producer: what kcat and the Python, Go and .NET
 * clients do by default. The cluster test sends with it, so commands land on other partitions than
 * Kafka's Java default (murmur2) picks for their targets, and the engine must forward them.
 */
public final class Crc32Partitioner implements Partitioner {

    /** The partition librdkafka picks for {@code key} among {@code partitions}. */
    public static int partition(byte[] key, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(key);
        return (int) (crc.getValue() % partitions);
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        if (keyBytes == null) {
            throw new IllegalArgumentException("Rollbook's commands are keyed; this partitioner needs a key");
        }
        return partition(keyBytes, cluster.partitionCountForTopic(topic));
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
