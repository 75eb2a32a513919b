package io.rollbook.api.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.codec.Manifests;
import io.rollbook.api.manifest.KubeObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The codec of {@code rollbook.snapshots}: an owner's folded aggregates and the events offset they
 * cover. Each value is framed as {@code "RBSN"}, the format version (2 bytes, big-endian), the CRC32C
 * of the payload (4 bytes) and the payload, UTF-8 JSON of {@link AggregateSnapshot} or
 * {@link PartitionSnapshot}. A reader trusts a value only when all of it checks: anything else
 * (another magic, another version, a checksum that does not match, JSON that does not decode into a
 * consistent snapshot) is {@link Unreadable}, and its reader folds the log instead: a snapshot is an
 * optimisation, never the truth. Raise {@link #VERSION} with every change of a payload's shape (the
 * api module's {@code SnapshotFormatTest} fails until then).
 */
public final class Snapshots {

    /** The format this release writes, and the only one it reads. */
    public static final short VERSION = 1;
    private static final byte[] MAGIC = {'R', 'B', 'S', 'N'};
    private static final int HEADER = MAGIC.length + 2 + 4;

    private Snapshots() {
    }

    /**
     * One aggregate's folded state, as of the snapshot written at events offset {@code offset}.
     *
     * @param aggregate the aggregate id
     * @param sequence  the sequence of its last event folded in
     * @param offset    the events offset (the next to read) of the snapshot this record was written with
     * @param workload  a Deployment's or bare ReplicaSet's state; null for a stored configuration object
     * @param object    a configuration object's stored object as JSON; null when it has none (or is a workload)
     */
    public record AggregateSnapshot(String aggregate, long sequence, long offset, WorkloadSnapshot workload,
                                    JsonNode object) {
    }

    /**
     * The marker of one partition's snapshot, written last in its transaction: the aggregates of
     * events partition {@code partition} folded from every event before {@code offset}, one
     * {@link AggregateSnapshot} each (written with this marker or with an earlier one, when the
     * aggregate did not change since), {@code aggregates} of them.
     */
    public record PartitionSnapshot(int partition, long offset, int aggregates) {
    }

    /** The snapshot of a workload aggregate. */
    public static AggregateSnapshot of(String aggregate, long sequence, long offset, WorkloadState state) {
        return new AggregateSnapshot(aggregate, sequence, offset, state.snapshot(), null);
    }

    /** The snapshot of a configuration aggregate. */
    public static AggregateSnapshot of(String aggregate, long sequence, long offset, ConfigObjectState state) {
        return new AggregateSnapshot(aggregate, sequence, offset, null,
                state.object() == null ? null : Codec.toTree(state.object()));
    }

    /** A configuration aggregate's state as its snapshot holds it. */
    public static ConfigObjectState configState(AggregateSnapshot s) throws Unreadable {
        if (s.object() == null) {
            return ConfigObjectState.of(null);
        }
        try {
            KubeObject object = Manifests.toObject(new Manifests.Document(s.object().path("apiVersion").asText(null),
                    s.object().path("kind").asText(null), s.object()));
            return ConfigObjectState.of(object);
        } catch (RuntimeException e) { // ManifestException among them
            throw new Unreadable("the stored object of " + s.aggregate() + " does not decode: " + e.getMessage());
        }
    }

    public static byte[] encode(AggregateSnapshot s) {
        return frame(Codec.toJson(s));
    }

    public static byte[] encode(PartitionSnapshot s) {
        return frame(Codec.toJson(s));
    }

    public static AggregateSnapshot decodeAggregate(byte[] value) throws Unreadable {
        AggregateSnapshot s = read(value, AggregateSnapshot.class);
        if (s.aggregate() == null || s.offset() < 0 || s.sequence() < 0) {
            throw new Unreadable("an aggregate snapshot without its aggregate, offset or sequence");
        }
        return s;
    }

    public static PartitionSnapshot decodePartition(byte[] value) throws Unreadable {
        PartitionSnapshot s = read(value, PartitionSnapshot.class);
        if (s.partition() < 0 || s.offset() < 0 || s.aggregates() < 0) {
            throw new Unreadable("a partition snapshot with a negative partition, offset or count: " + s);
        }
        return s;
    }

    /** The CRC32C a framed value carries (the one of its payload); for a reader that combines them. */
    public static int checksum(byte[] value) {
        return ByteBuffer.wrap(value, MAGIC.length + 2, 4).getInt();
    }

    private static byte[] frame(String json) {
        byte[] payload = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(HEADER + payload.length).put(MAGIC).putShort(VERSION).putInt((int) crc.getValue())
                .put(payload).array();
    }

    private static <T> T read(byte[] value, Class<T> type) throws Unreadable {
        if (value == null || value.length < HEADER || !Arrays.equals(value, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new Unreadable("not a Rollbook snapshot");
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        in.position(MAGIC.length);
        short version = in.getShort();
        if (version != VERSION) {
            throw new Unreadable("snapshot format version " + version + "; this release reads version " + VERSION);
        }
        int expected = in.getInt();
        CRC32C crc = new CRC32C();
        crc.update(value, HEADER, value.length - HEADER);
        if ((int) crc.getValue() != expected) {
            throw new Unreadable("snapshot checksum mismatch (CRC32C)");
        }
        try {
            T decoded = Codec.json().readValue(value, HEADER, value.length - HEADER, type);
            if (decoded == null) {
                throw new Unreadable("an empty snapshot");
            }
            return decoded;
        } catch (IOException | IllegalArgumentException e) {
            throw new Unreadable("snapshot does not decode: " + e.getMessage());
        }
    }

    /** A snapshot value this release cannot trust; its reader folds the log instead. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message);
        }
    }
}
