package io.rollbook.infra.kafka;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Outcomes;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Sends commands to {@code rollbook.commands} and waits for their outcomes on
 * {@code rollbook.outcomes}: what the CLI and any Kafka client do. Not thread-safe.
 *
 * <p>A send rides out a leader election within its command's time: a send that fails because the
 * cluster is moving (a retriable error, or the idempotent producer's OUT_OF_ORDER_SEQUENCE_NUMBER
 * or UNKNOWN_PRODUCER_ID, seen on a partition whose leader was not serving yet) is tried again with
 * a new producer until the command's deadline. A repeat is harmless: the engine answers a repeated
 * commandId with its first outcome.
 */
public final class CommandClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandClient.class);
    private static final Duration RESEND_AFTER = Duration.ofMillis(500);
    /** The longest a single request waits for a broker; a dead broker is left sooner, for another. */
    private static final Duration MAX_REQUEST = Duration.ofSeconds(10);

    private final Topics topics;
    private final Supplier<Producer<String, byte[]>> producers;
    private final Consumer<String, byte[]> outcomes;
    private final ActorSeal seal;
    private Producer<String, byte[]> producer;

    /** @param name the client's name, its producer's client id and (with {@code -outcomes}) its consumer's */
    public CommandClient(KafkaSettings kafka, Topics topics, String name) {
        this(topics, () -> kafka.producer(ClientRole.COMMAND_PRODUCER, name),
                kafka.consumer(ClientRole.COMMITTED_READER, name + "-outcomes"), kafka.seal());
    }

    /**
     * A client whose every Kafka call may wait up to {@code timeout}, the command's own time: a
     * leader election or a broker fail-over (seconds) is ridden out instead of failing after a
     * fixed 10 s. A request to a broker gives up after at most 10 s, so a dead broker is left for
     * another within the same call.
     */
    public static CommandClient within(KafkaSettings kafka, Topics topics, String name, Duration timeout) {
        String total = String.valueOf(Math.max(1, timeout.toMillis()));
        String request = String.valueOf(Math.max(1, Math.min(timeout.toMillis(), MAX_REQUEST.toMillis())));
        Map<String, String> producer = Map.of("max.block.ms", total, "delivery.timeout.ms", total,
                "request.timeout.ms", request);
        Map<String, String> consumer = Map.of("default.api.timeout.ms", total, "request.timeout.ms", request);
        return new CommandClient(topics, () -> kafka.producer(ClientRole.COMMAND_PRODUCER, name, producer),
                kafka.consumer(ClientRole.COMMITTED_READER, name + "-outcomes", consumer), kafka.seal());
    }

    CommandClient(Topics topics, Supplier<Producer<String, byte[]>> producers, Consumer<String, byte[]> outcomes) {
        this(topics, producers, outcomes, ActorSeal.NONE);
    }

    /** @param seal seals what this client sends (the HTTP edge's); {@link ActorSeal#NONE} for a claim */
    CommandClient(Topics topics, Supplier<Producer<String, byte[]>> producers, Consumer<String, byte[]> outcomes,
                  ActorSeal seal) {
        this.topics = topics;
        this.seal = seal;
        this.producers = producers;
        this.outcomes = outcomes;
        List<TopicPartition> all = ReadToEnd.partitionsOf(outcomes, topics.outcomes());
        outcomes.assign(all);
        outcomes.seekToEnd(all);
        all.forEach(outcomes::position); // fix the start before any command is sent
        this.producer = producers.get();
    }

    /** Sends {@code command} and returns its outcome, all within {@code timeout}. */
    public Outcome send(CommandEnvelope command, Duration timeout) throws TimeoutException {
        Instant deadline = Instant.now().plus(timeout);
        sendOnly(command, deadline);
        return await(command.commandId(), Duration.between(Instant.now(), deadline));
    }

    /** Sends without waiting for the outcome; keyed by the target object. */
    public RecordMetadata sendOnly(CommandEnvelope command) {
        return sendOnly(command, Instant.now().plus(Duration.ofMinutes(2)));
    }

    /**
     * Sends, trying again with a new producer after a failure a new attempt can cure, until
     * {@code deadline}; returns where the command was written.
     */
    public RecordMetadata sendOnly(CommandEnvelope command, Instant deadline) {
        byte[] value = Commands.encode(command);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.commands(), command.target().key(), value);
        seal.sealInto(record.headers(), value);
        for (int attempt = 1; ; attempt++) {
            Exception failure;
            try {
                long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
                return producer.send(record).get(left, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending", e);
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof Exception cause ? cause : e;
            } catch (TimeoutException e) {
                failure = e;
            }
            boolean curable = failure instanceof RetriableException || failure instanceof OutOfOrderSequenceException
                    || failure instanceof TimeoutException;
            if (!curable || Instant.now().plus(RESEND_AFTER).isAfter(deadline)) {
                throw new IllegalStateException("could not send the command: " + failure.getMessage()
                        + (attempt > 1 ? " (after " + attempt + " attempts)" : ""), failure);
            }
            LOG.warn("sending {} failed ({}); sending it again with a new producer", command.commandId(), failure.toString());
            renewProducer();
            pause(RESEND_AFTER);
        }
    }

    /** A producer that met OUT_OF_ORDER_SEQUENCE_NUMBER keeps its sequence state; a new one starts clean. */
    private void renewProducer() {
        try {
            producer.close(Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.debug("closing the old producer: {}", e.toString());
        }
        producer = producers.get();
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
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
