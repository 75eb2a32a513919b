package io.rollbook.infra.bench;

import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.codec.Codec;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The raw-Kafka baseline of the latency phase: the engine's consume-transform-produce loop with
 * nothing in the middle. It reads commands with the engine's consumer settings, decodes each, and
 * writes {@code eventsPerCommand} real event records plus an outcome in one transaction per poll
 * with the consumed offsets, through a producer with the engine's settings. What it measures is
 * the latency Kafka's transactions alone cost on this machine.
 */
final class RawTxLoop implements Runnable, AutoCloseable {

    private final KafkaSettings kafka;
    private final Topics topics;
    private final EnginePhase.Sample sample;
    private final int eventsPerCommand;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private long transactions;
    private long offsetsNanos;
    private long commitNanos;

    RawTxLoop(KafkaSettings kafka, Topics topics, EnginePhase.Sample sample, int eventsPerCommand) {
        this.kafka = kafka;
        this.topics = topics;
        this.sample = sample;
        this.eventsPerCommand = eventsPerCommand;
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> c = kafka.consumer(ClientRole.ENGINE_CONSUMER, "bench-raw-loop",
                Map.of("group.id", "bench-raw-loop"));
             KafkaProducer<String, byte[]> p = kafka.transactionalProducer("bench-raw-loop")) {
            consumer = c;
            p.initTransactions();
            c.subscribe(List.of(topics.commands()));
            int next = 0;
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                p.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    CommandEnvelope command = Commands.decode(r.value(), Instant.ofEpochMilli(r.timestamp()));
                    for (int i = 0; i < eventsPerCommand; i++, next++) {
                        int k = next % sample.values().size();
                        p.send(new ProducerRecord<>(topics.events(), r.partition(), sample.keys().get(k),
                                sample.values().get(k)));
                    }
                    Outcome outcome = new Outcome(command.commandId(), Outcome.Status.Accepted, "", null,
                            eventsPerCommand);
                    p.send(new ProducerRecord<>(topics.outcomes(), r.partition(), command.commandId(),
                            Codec.toJson(outcome).getBytes(StandardCharsets.UTF_8)));
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                long sent = System.nanoTime();
                p.sendOffsetsToTransaction(offsets, c.groupMetadata());
                long offsetsSent = System.nanoTime();
                p.commitTransaction();
                offsetsNanos += offsetsSent - sent;
                commitNanos += System.nanoTime() - offsetsSent;
                transactions++;
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        }
    }

    /**
     * Average milliseconds per transaction in {@code sendOffsetsToTransaction} and in
     * {@code commitTransaction}, warm-up included. Read after the loop's thread has ended.
     */
    double[] averageOffsetsAndCommitMs() {
        long n = Math.max(1, transactions);
        return new double[] {offsetsNanos / 1e6 / n, commitNanos / 1e6 / n};
    }

    @Override
    public void close() {
        running.set(false);
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
