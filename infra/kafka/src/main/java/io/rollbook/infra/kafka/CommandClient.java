package io.rollbook.infra.kafka;

import io.rollbook.api.command.Outcomes;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.Outcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Sends commands to {@code rollbook.commands} and waits for their outcomes on
 * {@code rollbook.outcomes}: what the CLI and any Kafka client do. Not thread-safe.
 */
public final class CommandClient implements AutoCloseable {

    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> outcomes;

    /** @param name the client's name, its producer's client id and (with {@code -outcomes}) its consumer's */
    public CommandClient(KafkaSettings kafka, Topics topics, String name) {
        this.topics = topics;
        this.producer = kafka.producer(ClientRole.COMMAND_PRODUCER, name);
        this.outcomes = kafka.consumer(ClientRole.COMMITTED_READER, name + "-outcomes");
        List<TopicPartition> all = ReadToEnd.partitionsOf(outcomes, topics.outcomes());
        outcomes.assign(all);
        outcomes.seekToEnd(all);
        all.forEach(outcomes::position); // fix the start before any command is sent
    }

    /** Sends {@code command} and returns its outcome. */
    public Outcome send(CommandEnvelope command, Duration timeout) throws TimeoutException {
        sendOnly(command);
        return await(command.commandId(), timeout);
    }

    /** Sends without waiting; keyed by the target object. */
    public void sendOnly(CommandEnvelope command) {
        try {
            producer.send(new ProducerRecord<>(topics.commands(), command.target().key(), Commands.encode(command)))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send the command: " + e.getCause().getMessage(), e);
        }
    }

    /** Waits for the outcome of {@code commandId}, which must have been sent after this client started. */
    public Outcome await(String commandId, Duration timeout) throws TimeoutException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> r : outcomes.poll(Duration.ofMillis(100))) {
                if (commandId.equals(r.key())) {
                    return Outcomes.decode(r.value());
                }
            }
        }
        throw new TimeoutException("no outcome for command " + commandId + " within " + timeout.toSeconds() + "s");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        outcomes.close(Duration.ofSeconds(5));
    }
}
