package io.rollbook.infra.bench;

import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.infra.kafka.ReadToEnd;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Follows every partition of a topic from the beginning (read_committed) on a daemon thread and
 * hands each record to a sink, until closed. What the bench's watchers share.
 */
final class TopicTail implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    TopicTail(KafkaSettings kafka, String topic, String clientId, Duration poll,
              Consumer<ConsumerRecord<String, byte[]>> sink) {
        consumer = kafka.consumer(ClientRole.COMMITTED_READER, clientId);
        List<TopicPartition> all = ReadToEnd.partitionsOf(consumer, topic);
        consumer.assign(all);
        consumer.seekToBeginning(all);
        thread = new Thread(() -> loop(poll, sink), clientId);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(Duration poll, Consumer<ConsumerRecord<String, byte[]>> sink) {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(poll)) {
                    sink.accept(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
