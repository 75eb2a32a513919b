package io.rollbook.infra.projection;

import io.rollbook.projections.ProjectionStore;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The projections' checkpoint as a file in the data directory, written as Kafka Streams writes its
 * {@code .checkpoint} files: whole to a temporary file of its own in the same directory, forced to
 * disk, then renamed into place atomically, so a reader finds the previous checkpoint or the new
 * one, never half of one (a kill during the write leaves the old file and a stray temporary one).
 * One file per events topic: instances of other topic prefixes in the directory never read it.
 */
public final class ProjectionCheckpointFile implements ProjectionRunner.Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionCheckpointFile.class);

    private final Path file;
    private final ProjectionStore store;
    private final long everyNanos;
    private long lastSaved = System.nanoTime();
    private long positionSaved = -1;

    /**
     * @param every how often a checkpoint is written while events arrive (and once when the runner
     *              stops)
     */
    public ProjectionCheckpointFile(Path dataDir, String eventsTopic, ProjectionStore store, Duration every) {
        this.file = dataDir.resolve("projections-" + eventsTopic + ".checkpoint");
        this.store = store;
        this.everyNanos = every.toNanos();
    }

    public Path file() {
        return file;
    }

    @Override
    public Map<Integer, Long> load(Map<TopicPartition, Long> logStart, Map<TopicPartition, Long> logEnd) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            LOG.warn("cannot read the projections checkpoint {}, reading the log in full: {}", file, e.toString());
            return Map.of();
        }
        try {
            Map<Integer, Long> covered = store.load(bytes, offsets -> refusal(offsets, logStart, logEnd));
            positionSaved = store.position();
            LOG.info("projections restored from {} ({} events), reading the log after {}", file, store.position(),
                    covered);
            return covered;
        } catch (IllegalArgumentException e) {
            LOG.warn("projections checkpoint {} ignored, reading the log in full: {}", file, e.getMessage());
            return Map.of();
        }
    }

    /** Why a checkpoint does not fit the log as it is now; null when it does. */
    static String refusal(Map<Integer, Long> covered, Map<TopicPartition, Long> logStart,
                          Map<TopicPartition, Long> logEnd) {
        Map<Integer, TopicPartition> partitions = new HashMap<>();
        logStart.keySet().forEach(tp -> partitions.put(tp.partition(), tp));
        for (Integer p : covered.keySet()) {
            if (!partitions.containsKey(p)) {
                return "it covers partition " + p + ", which the events topic does not have";
            }
        }
        for (TopicPartition tp : logStart.keySet()) {
            long next = covered.getOrDefault(tp.partition(), -1L) + 1;
            if (next < logStart.get(tp)) {
                return "it is older than the log start offset of " + tp + " (" + logStart.get(tp) + " > " + next + ")";
            }
            if (next > logEnd.get(tp)) {
                return "it is ahead of the end of " + tp + " (" + next + " > " + logEnd.get(tp) + "): another log";
            }
        }
        return null;
    }

    @Override
    public void saveIfDue() {
        if (System.nanoTime() - lastSaved >= everyNanos) {
            save();
        }
    }

    @Override
    public void save() {
        lastSaved = System.nanoTime();
        if (store.position() == positionSaved) {
            return; // nothing new since the last one
        }
        byte[] bytes = store.checkpoint();
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                    ch.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            positionSaved = store.position();
        } catch (IOException e) {
            // the last checkpoint stays; a restart reads a longer tail, nothing is wrong
            LOG.warn("cannot write the projections checkpoint {}: {}", file, e.toString());
        }
    }
}
