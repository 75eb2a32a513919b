package io.rollbook.infra.projection;

import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.infra.kafka.ReadToEnd;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds every committed event of {@code rollbook.events} to a sink (the projections): from the
 * offsets a checkpoint covers when one loads and fits the log, else from the beginning. No consumer
 * group: every instance of {@code up} folds the whole log (or its own checkpoint and the tail).
 */
public final class ProjectionRunner implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);

    /** Where the events go, with their Kafka position. */
    @FunctionalInterface
    public interface Sink {
        void apply(EventEnvelope event, int partition, long offset);
    }

    /** The sink's checkpoints: loaded before the first poll, written between batches by the fold thread. */
    public interface Checkpoints {
        /**
         * Loads the checkpoint into the sink if there is one that fits the log (covers no offset below
         * {@code logStart} or at or past {@code logEnd}).
         *
         * @return the last offset it covers per partition; empty when none was loaded (read in full)
         */
        Map<Integer, Long> load(Map<TopicPartition, Long> logStart, Map<TopicPartition, Long> logEnd);

        /** Writes one when it is time to. */
        void saveIfDue();

        /** Writes one of everything folded so far. */
        void save();
    }

    private final KafkaSettings kafka;
    private final Topics topics;
    private final Sink sink;
    private final Checkpoints checkpoints;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong applied = new AtomicLong();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    /** The events topic's partitions once assigned: queries then need no metadata round trip. */
    private volatile List<TopicPartition> partitions;
    private Admin admin;

    public ProjectionRunner(KafkaSettings kafka, Topics topics, Sink sink) {
        this(kafka, topics, sink, null);
    }

    /** A runner that restarts from {@code checkpoints} (null: always from the beginning). */
    public ProjectionRunner(KafkaSettings kafka, Topics topics, Sink sink, Checkpoints checkpoints) {
        this.kafka = kafka;
        this.topics = topics;
        this.sink = sink;
        this.checkpoints = checkpoints;
    }

    /** How many events have been folded so far. */
    public long applied() {
        return applied.get();
    }

    @Override
    public void run() {
        consumer = kafka.consumer(ClientRole.COMMITTED_READER, "rollbook-projections");
        Fold fold = new Fold();
        Thread folder = new Thread(fold, Thread.currentThread().getName() + "-fold");
        folder.setDaemon(true);
        try {
            List<TopicPartition> tps = ReadToEnd.partitionsOf(consumer, topics.events());
            consumer.assign(tps);
            partitions = tps;
            seekToStart(tps);
            folder.start();
            Map<TopicPartition, Long> handed = Map.of();
            Events.Decoder decoder = Events.decoder();
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                Map<TopicPartition, Long> after = new HashMap<>();
                for (TopicPartition tp : tps) {
                    after.put(tp, consumer.position(tp));
                }
                if (records.isEmpty() && after.equals(handed)) {
                    fold.check();
                    continue;
                }
                // Decode here while the fold thread is busy; when it has nothing queued, let it decode
                // this poll itself, so the two threads share the decoding, its biggest cost, as they can.
                fold.hand(fold.idle() ? new Batch(null, records, after)
                        : new Batch(decode(records, decoder), null, after));
                handed = after;
            }
        } catch (WakeupException e) {
            fold.check(); // the fold thread failed and woke the poll
            if (running.get()) {
                throw e;
            }
        } finally {
            try {
                fold.finish(folder);
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }
    }

    /** After what a loaded checkpoint covers, else the beginning. */
    private void seekToStart(List<TopicPartition> tps) {
        Map<Integer, Long> covered = checkpoints == null ? Map.of()
                : checkpoints.load(consumer.beginningOffsets(tps), consumer.endOffsets(tps));
        if (covered.isEmpty()) {
            consumer.seekToBeginning(tps);
            return;
        }
        for (TopicPartition tp : tps) {
            Long last = covered.get(tp.partition());
            if (last == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, last + 1);
            }
        }
    }

    /** Decodes a poll's records, skipping (and logging) any that is not an event. */
    private static List<Decoded> decode(ConsumerRecords<String, byte[]> records, Events.Decoder decoder) {
        List<Decoded> out = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                out.add(new Decoded(decoder.decode(r.value()), r.partition(), r.offset()));
            } catch (IllegalArgumentException ex) {
                LOG.warn("skipping unreadable event {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                        ex.getMessage());
            }
        }
        return out;
    }

    private record Decoded(EventEnvelope event, int partition, long offset) {
    }

    /**
     * One poll: its readable events in log order (or its records, still to decode, when
     * {@code events} is null), and the consumer's positions just after it.
     */
    private record Batch(List<Decoded> events, ConsumerRecords<String, byte[]> records,
                         Map<TopicPartition, Long> positions) {
    }

    /**
     * The single thread that applies batches to the sink, in the order they were polled. Positions
     * are published only once every event of their batch is applied, so {@link #awaitCaughtUp}
     * means exactly what it meant when one thread did both: everything before the position is folded.
     */
    private final class Fold implements Runnable {

        /** A few polls ahead at most: decoding never runs far from what is folded. */
        private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(4);
        private final Batch end = new Batch(List.of(), null, Map.of());
        /** The fold thread's own decoder (a decoder's pool belongs to one thread). */
        private final Events.Decoder decoder = Events.decoder();

        /** Nothing waits to be folded: the fold thread is folding its last batch, or waiting. */
        boolean idle() {
            return queue.isEmpty();
        }
        private volatile Throwable failure;

        /** Waits for room; an interrupt ends the runner as one during {@code poll} would. */
        void hand(Batch batch) {
            try {
                while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    check();
                }
            } catch (InterruptedException e) {
                throw new InterruptException(e);
            }
            check();
        }

        /** Rethrows, on the polling thread, what stopped the fold thread. */
        void check() {
            Throwable t = failure;
            if (t instanceof RuntimeException e) {
                throw e;
            } else if (t instanceof Error e) {
                throw e;
            } else if (t != null) {
                throw new IllegalStateException(t);
            }
        }

        /** Lets the fold thread apply what was already handed to it, then stops it. */
        void finish(Thread folder) {
            if (!folder.isAlive()) {
                return;
            }
            boolean interrupted = false;
            try {
                while (failure == null && !queue.offer(end, 100, TimeUnit.MILLISECONDS)) {
                    // the fold thread is still applying; it takes the end marker once it has room
                }
                folder.join();
            } catch (InterruptedException e) {
                interrupted = true;
                folder.interrupt();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            try {
                for (Batch b = queue.take(); b != end; b = queue.take()) {
                    for (Decoded d : b.events() != null ? b.events() : decode(b.records(), decoder)) {
                        sink.apply(d.event(), d.partition(), d.offset());
                        applied.incrementAndGet();
                    }
                    positions.putAll(b.positions());
                    if (checkpoints != null) {
                        checkpoints.saveIfDue();
                    }
                }
                if (checkpoints != null) {
                    checkpoints.save(); // stopped cleanly: the next start reads only what came after
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                failure = e;
                KafkaConsumer<String, byte[]> c = consumer;
                if (c != null) {
                    c.wakeup(); // the polling thread may be in poll(): let it see the failure now
                }
            }
        }
    }

    /**
     * Waits until everything committed to the log before this call has been folded, so a query
     * answers with the effect of every command whose outcome the asker has seen (read your writes).
     *
     * @return false when {@code timeout} passed first (the answer may then be stale)
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        Map<TopicPartition, Long> end = endOffsets();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (end.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), -1L) >= e.getValue())) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    private synchronized Map<TopicPartition, Long> endOffsets() {
        if (admin == null) {
            admin = kafka.admin("rollbook-projections-freshness");
        }
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (TopicPartition tp : eventPartitions()) {
                request.put(tp, OffsetSpec.latest());
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end of " + topics.events() + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private List<TopicPartition> eventPartitions() throws ExecutionException, InterruptedException {
        List<TopicPartition> known = partitions;
        if (known != null) {
            return known;
        }
        return admin.describeTopics(List.of(topics.events())).allTopicNames().get().get(topics.events())
                .partitions().stream().map(p -> new TopicPartition(topics.events(), p.partition())).toList();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
            }
        }
        running.set(false);
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
