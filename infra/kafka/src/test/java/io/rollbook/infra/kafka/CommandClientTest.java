package io.rollbook.infra.kafka;

import io.rollbook.api.command.Pause;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A command's send survives what a new producer cures, within the command's time, and no more. */
class CommandClientTest {

    final Topics topics = Topics.defaults();
    final List<MockProducer<String, byte[]>> producers = new ArrayList<>();

    /** A producer whose sends fail with {@code failure} (null: they succeed). */
    MockProducer<String, byte[]> producer(RuntimeException failure) {
        MockProducer<String, byte[]> p = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
                return failure == null ? super.send(record, callback) : CompletableFuture.failedFuture(failure);
            }
        };
        producers.add(p);
        return p;
    }

    MockConsumer<String, byte[]> outcomes() {
        MockConsumer<String, byte[]> c = new MockConsumer<>("latest");
        Node node = new Node(0, "localhost", 9092);
        c.updatePartitions(topics.outcomes(), List.of(new PartitionInfo(topics.outcomes(), 0, node, new Node[0],
                new Node[0])));
        c.updateEndOffsets(Map.of(new TopicPartition(topics.outcomes(), 0), 0L));
        return c;
    }

    static io.rollbook.api.command.CommandEnvelope pause() {
        return LoopOnMocks.command("c-1", "web", new Pause());
    }

    @Test
    void aSendRefusedWithOutOfOrderSequenceIsSentAgainWithANewProducer() {
        List<RuntimeException> failures = new ArrayList<>(List.of(
                new OutOfOrderSequenceException("The broker received an out of order sequence number.")));
        try (CommandClient client = new CommandClient(topics,
                () -> producer(failures.isEmpty() ? null : failures.remove(0)), outcomes())) {
            client.sendOnly(pause(), Instant.now().plus(Duration.ofSeconds(30)));
        }
        assertThat(producers).hasSize(2);
        assertThat(producers.get(0).closed()).isTrue();
        assertThat(producers.get(1).history()).extracting(ProducerRecord::key).containsExactly("default/web");
    }

    @Test
    void aFailureNoNewAttemptCuresIsReportedAtOnce() {
        try (CommandClient client = new CommandClient(topics,
                () -> producer(new TopicAuthorizationException("Not authorized to access topics: [rollbook.commands]")),
                outcomes())) {
            assertThatThrownBy(() -> client.sendOnly(pause(), Instant.now().plus(Duration.ofSeconds(30))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("could not send the command: Not authorized to access topics: [rollbook.commands]");
        }
        assertThat(producers).hasSize(1);
    }

    @Test
    void aCurableFailureIsRetriedOnlyUntilTheCommandsDeadline() {
        try (CommandClient client = new CommandClient(topics,
                () -> producer(new OutOfOrderSequenceException("out of order")), outcomes())) {
            assertThatThrownBy(() -> client.sendOnly(pause(), Instant.now().plus(Duration.ofSeconds(2))))
                    .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("could not send the command: out of order");
        }
        assertThat(producers.size()).isGreaterThan(1);
    }
}
