package io.rollbook.infra.kafka;

import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.manifest.Deployment;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command loop's own logic on Kafka's mocks (no broker): exactly once per command id, dead
 * letters, forwarding to the owner's partition, and what it does about each kind of Kafka failure.
 */
class CommandLoopTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    final LoopOnMocks kafka = new LoopOnMocks();
    final List<Throwable> ended = new ArrayList<>();
    CommandLoop loop;
    Thread thread;

    void start(EngineListener listener) {
        loop = kafka.loop(listener);
        thread = new Thread(() -> {
            try {
                loop.run();
            } catch (Throwable e) {
                synchronized (ended) {
                    ended.add(e);
                }
            }
        }, "engine-mock");
        thread.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.close();
            thread.join(WAIT.toMillis());
        }
    }

    static Deployment nginx(String name) throws Exception {
        Deployment d = (Deployment) EngineHarness.example("nginx-deployment.yaml");
        return d.withMetadata(d.metadata().withName(name).withNamespace("default"));
    }

    static int owner(String name) {
        return Partitions.of("default/" + name, LoopOnMocks.PARTITIONS);
    }

    /** librdkafka's default partitioner for keyed records: CRC32 of the key bytes. */
    static int crc32(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % LoopOnMocks.PARTITIONS);
    }

    Outcome awaitOutcome(String commandId) {
        return await().atMost(WAIT).until(() -> kafka.outcomes().stream().filter(o -> o.commandId().equals(commandId))
                .findFirst().orElse(null), o -> o != null);
    }

    long outcomesOf(String commandId) {
        return kafka.outcomes().stream().filter(o -> o.commandId().equals(commandId)).count();
    }

    @Test
    void aCommandOnThePartitionOfItsTargetRunsThereAndCommitsWithItsOffset() throws Exception {
        start(EngineListener.NONE);
        int p = owner("web");
        kafka.send(p, LoopOnMocks.command("c-1", "web", new Apply(nginx("web"))));

        assertThat(awaitOutcome("c-1").message()).isEqualTo("deployment.apps/web created");
        assertThat(kafka.committed(kafka.topics.outcomes())).extracting(ProducerRecord::partition).containsOnly(p);
        assertThat(kafka.events()).isNotEmpty().allMatch(e -> e.aggregate().equals("default/web"));
        assertThat(kafka.committed(kafka.topics.events())).extracting(ProducerRecord::partition).containsOnly(p);
        assertThat(kafka.committedOffsets().get(new TopicPartition(kafka.topics.commands(), p)).offset()).isEqualTo(1);
    }

    @Test
    void aRepeatedCommandIdGetsItsFirstOutcomeAgainAndAppliesNothing() throws Exception {
        start(EngineListener.NONE);
        int p = owner("web");
        kafka.send(p, LoopOnMocks.command("c-1", "web", new Apply(nginx("web"))));
        awaitOutcome("c-1");
        int events = kafka.events().size();

        kafka.send(p, LoopOnMocks.command("c-1", "web", new Scale(7)));
        await().atMost(WAIT).until(() -> outcomesOf("c-1") == 2);
        assertThat(kafka.outcomes()).filteredOn(o -> o.commandId().equals("c-1"))
                .extracting(Outcome::message).containsOnly("deployment.apps/web created");
        assertThat(kafka.events()).hasSize(events);
    }

    /**
     * The actor from Kafka: a record does not say who produced it, so only a command sealed with the
     * engine's key (what the HTTP edge and the kubelet of {@code up} write) keeps its issuedBy; any
     * other, a forged seal or a seal of another value included, is recorded as claimed.
     */
    @Test
    void onlyASealedCommandKeepsItsActorEveryOtherIsRecordedAsClaimed() throws Exception {
        ActorSeal engine = ActorSeal.of(new byte[32]);
        kafka.seal = engine;
        start(EngineListener.NONE);
        byte[] sealed = Commands.encode(LoopOnMocks.command("c-1", "web", new Apply(nginx("web"))));
        RecordHeaders edge = new RecordHeaders();
        engine.sealInto(edge, sealed);
        kafka.send(owner("web"), "default/web", sealed, edge, 0);
        awaitOutcome("c-1");

        kafka.send(owner("web"), LoopOnMocks.command("c-2", "web", new Scale(2))); // no seal at all
        byte[] forged = Commands.encode(LoopOnMocks.command("c-3", "web", new Scale(3)));
        RecordHeaders copied = new RecordHeaders();
        engine.sealInto(copied, sealed); // the seal of another value
        kafka.send(owner("web"), "default/web", forged, copied, 0);
        byte[] otherKey = Commands.encode(LoopOnMocks.command("c-4", "web", new Scale(4)));
        RecordHeaders guessed = new RecordHeaders();
        byte[] key = new byte[32];
        key[0] = 1;
        ActorSeal.of(key).sealInto(guessed, otherKey);
        kafka.send(owner("web"), "default/web", otherKey, guessed, 0);
        awaitOutcome("c-4");

        Map<String, String> actors = new java.util.TreeMap<>();
        kafka.events().forEach(e -> actors.put(e.commandId(), e.actor()));
        assertThat(actors).containsExactly(Map.entry("c-1", "tester"), Map.entry("c-2", "tester (claimed, via Kafka)"),
                Map.entry("c-3", "tester (claimed, via Kafka)"), Map.entry("c-4", "tester (claimed, via Kafka)"));
    }

    @Test
    void aRecordThatIsNotACommandIsDeadLetteredWithItsReasonAndStillAnswered() {
        start(EngineListener.NONE);
        byte[] bad = "{\"commandId\":\"x-1\",\"type\":\"Frob\"}".getBytes(StandardCharsets.UTF_8);
        kafka.send(2, "default/web", bad, new RecordHeaders(), 0);

        assertThat(awaitOutcome("x-1").status()).isEqualTo(Outcome.Status.Rejected);
        ProducerRecord<String, byte[]> dead = kafka.committed(kafka.topics.deadletter()).get(0);
        assertThat(dead.value()).isEqualTo(bad);
        assertThat(header(dead, BatchTransaction.ERROR)).contains("unknown command type \"Frob\"");
        assertThat(header(dead, BatchTransaction.SOURCE_OFFSET)).isEqualTo("rollbook.commands-2@0");
        assertThat(kafka.events()).isEmpty();
    }

    @Test
    void aCommandReadElsewhereIsForwardedToItsOwnersPartitionWithItsOffsetAndRunThereOnce() throws Exception {
        int[] forwarded = new int[2];
        start(new EngineListener() {
            @Override
            public void forwarded(int from, int to) {
                forwarded[0] = from;
                forwarded[1] = to;
            }
        });
        // the key: CRC32 (librdkafka, kcat, Python, Go, .NET) puts it on 1, murmur2 on 5
        int arrived = crc32("default/kcw-3");
        int owner = owner("kcw-3");
        assertThat(arrived).isEqualTo(1);
        assertThat(owner).isEqualTo(5);
        CommandEnvelope apply = LoopOnMocks.command("c-kcw", "kcw-3", new Apply(nginx("kcw-3")));
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8)));
        var sent = kafka.send(arrived, "default/kcw-3", io.rollbook.api.command.Commands.encode(apply), headers, 1234L);

        ProducerRecord<String, byte[]> copy = await().atMost(WAIT).until(
                () -> kafka.committed(kafka.topics.commands()), l -> !l.isEmpty()).get(0);
        assertThat(copy.partition()).isEqualTo(owner);
        assertThat(copy.key()).isEqualTo(sent.key());
        assertThat(copy.value()).isEqualTo(sent.value());
        assertThat(copy.timestamp()).isEqualTo(1234L);
        assertThat(header(copy, "traceparent")).isEqualTo("00-abc-def-01");
        assertThat(header(copy, BatchTransaction.FORWARDED_FROM)).isEqualTo("rollbook.commands-1@0");
        assertThat(forwarded).containsExactly(arrived, owner);
        assertThat(kafka.committedOffsets().get(new TopicPartition(kafka.topics.commands(), arrived)).offset())
                .as("committed with the forward").isEqualTo(1);
        assertThat(kafka.outcomes()).as("the reader does not answer it").isEmpty();
        assertThat(kafka.events()).as("nor creates it").isEmpty();

        kafka.deliverForwarded();
        assertThat(awaitOutcome("c-kcw").message()).isEqualTo("deployment.apps/kcw-3 created");
        assertThat(kafka.committed(kafka.topics.events())).extracting(ProducerRecord::partition).containsOnly(owner);
        assertThat(kafka.committed(kafka.topics.commands())).as("forwarded once").hasSize(1);
    }

    @Test
    void aLoopThatDoesNotOwnTheTargetForwardsAndNeverAppendsToAPartitionItDoesNotOwn() throws Exception {
        kafka.assignment = java.util.Set.of(crc32("default/kcw-3"));
        start(EngineListener.NONE);
        kafka.send(crc32("default/kcw-3"), LoopOnMocks.command("c-kcw", "kcw-3", new Apply(nginx("kcw-3"))));

        await().atMost(WAIT).until(() -> !kafka.committed(kafka.topics.commands()).isEmpty());
        kafka.deliverForwarded(); // to partition 5, which this loop does not read: nobody here runs it
        assertThat(kafka.committed(kafka.topics.commands())).extracting(ProducerRecord::partition).containsExactly(5);
        assertThat(kafka.events()).isEmpty();
        assertThat(kafka.outcomes()).isEmpty();
    }

    @Test
    void aRetriableFailureAbortsSeeksBackAndRunsTheBatchAgainOnce() throws Exception {
        List<String> recoveries = new ArrayList<>();
        kafka.onProducer = p -> p.sendOffsetsFailures.add(new NotCoordinatorException("coordinator moved"));
        start(new EngineListener() {
            @Override
            public void recovering(String action, Exception cause) {
                recoveries.add(action + " " + cause.getClass().getSimpleName());
            }
        });
        kafka.send(owner("web"), LoopOnMocks.command("c-1", "web", new Apply(nginx("web"))));

        assertThat(awaitOutcome("c-1").message()).isEqualTo("deployment.apps/web created");
        assertThat(recoveries).containsExactly("RETRY NotCoordinatorException");
        assertThat(kafka.producers).as("same session").hasSize(1);
        assertThat(kafka.producers.get(0).aborts.get()).isEqualTo(1);
        assertThat(outcomesOf("c-1")).isEqualTo(1);
        EngineHarness.assertExactlyOnce(kafka.events());
        await().atMost(WAIT).until(() -> loop.health().status().phase() == LoopHealth.Phase.RUNNING);
    }

    @Test
    void aFencedProducerEndsTheSessionAndANewOneRejoinsWithNewClientsAndRestoredPartitions() throws Exception {
        List<String> recoveries = new ArrayList<>();
        start(new EngineListener() {
            @Override
            public void recovering(String action, Exception cause) {
                recoveries.add(action + " " + cause.getClass().getSimpleName());
            }
        });
        int p = owner("web");
        kafka.send(p, LoopOnMocks.command("c-1", "web", new Apply(nginx("web"))));
        awaitOutcome("c-1");
        assertThat(kafka.restores.get()).isEqualTo(1);

        kafka.producers.get(0).fenceProducer(); // another producer with this transactional id, or a timed-out transaction
        kafka.send(p, LoopOnMocks.command("c-2", "web", new Scale(5)));

        assertThat(awaitOutcome("c-2").message()).isEqualTo("deployment.apps/web scaled");
        assertThat(recoveries).containsExactly("REJOIN ProducerFencedException");
        assertThat(kafka.consumers).hasSize(2);
        assertThat(kafka.consumers.get(0).closed()).isTrue();
        assertThat(kafka.producers).hasSize(2);
        assertThat(kafka.restores.get()).as("the new session restored its partitions").isEqualTo(2);
        assertThat(outcomesOf("c-2")).isEqualTo(1);
        EngineHarness.assertExactlyOnce(kafka.events());
    }

    @Test
    void aRebalanceThatTookThePartitionsAtCommitRejoins() throws Exception {
        kafka.onProducer = p -> {
            if (kafka.producers.isEmpty()) {
                p.sendOffsetsFailures.add(new org.apache.kafka.clients.consumer.CommitFailedException("generation moved"));
            }
        };
        start(EngineListener.NONE);
        kafka.send(owner("web"), LoopOnMocks.command("c-1", "web", new Apply(nginx("web"))));

        assertThat(awaitOutcome("c-1").message()).isEqualTo("deployment.apps/web created");
        assertThat(kafka.producers).hasSize(2);
        assertThat(kafka.producers.get(0).aborts.get()).isEqualTo(1);
        assertThat(outcomesOf("c-1")).isEqualTo(1);
    }

    @Test
    void aRestoreThatTimesOutIsNotTrustedAndANewSessionRestoresAgain() throws Exception {
        kafka.restoreFailures.add(new org.apache.kafka.common.errors.TimeoutException(
                "Timeout of 60000ms expired before the last stable offset of rollbook.events-5 could be determined"));
        start(EngineListener.NONE);
        kafka.send(owner("web"), LoopOnMocks.command("c-1", "web", new Apply(nginx("web"))));

        assertThat(awaitOutcome("c-1").message()).isEqualTo("deployment.apps/web created");
        assertThat(kafka.consumers).hasSize(2);
        assertThat(kafka.restores.get()).isEqualTo(2);
        assertThat(outcomesOf("c-1")).isEqualTo(1);
    }

    @Test
    void aLogItCannotFoldStopsTheLoopRatherThanRunCommandsOnAHalfRestoredPartition() throws Exception {
        // what a real consumer makes of a rebalance callback that threw: a KafkaException around it
        kafka.restoreFailures.add(new org.apache.kafka.common.KafkaException("User rebalance callback throws an error",
                new NullPointerException("Cannot invoke \"ReplicaSet.name()\"")));
        start(EngineListener.NONE);
        kafka.send(owner("web"), LoopOnMocks.command("c-1", "web", new Apply(nginx("web"))));

        thread.join(WAIT.toMillis());
        assertThat(loop.health().status().phase()).isEqualTo(LoopHealth.Phase.DEAD);
        assertThat(loop.health().status().detail()).startsWith("NullPointerException");
        assertThat(kafka.outcomes()).isEmpty();
    }

    @Test
    void aFatalErrorStopsTheLoopLeavesTheGroupAndSaysWhy() throws Exception {
        AtomicReference<Throwable> died = new AtomicReference<>();
        kafka.onProducer = p -> p.initTransactionException =
                new TransactionalIdAuthorizationException("Transactional Id authorization failed.");
        start(new EngineListener() {
            @Override
            public void died(Throwable cause) {
                died.set(cause);
            }
        });

        thread.join(WAIT.toMillis());
        assertThat(thread.isAlive()).isFalse();
        assertThat(ended).singleElement().isInstanceOf(CommandLoop.LoopDiedException.class);
        LoopHealth.Status status = loop.health().status();
        assertThat(status.phase()).isEqualTo(LoopHealth.Phase.DEAD);
        assertThat(status.detail()).isEqualTo(
                "TransactionalIdAuthorizationException: Transactional Id authorization failed.");
        assertThat(died.get()).isInstanceOf(TransactionalIdAuthorizationException.class);
        assertThat(kafka.consumers.get(0).closed()).isTrue();
        assertThat(kafka.producers).as("no second session").hasSize(1);
    }

    @Test
    void aKafkaErrorOfNoKnownKindThatEndsEverySessionBeforeItRunsIsFatalInTheEnd() throws Exception {
        // what the client makes of a transaction timeout the broker refuses: no specific type
        kafka.onProducer = p -> p.initTransactionException = new org.apache.kafka.common.KafkaException(
                "Unexpected error in InitProducerIdResponse; The transaction timeout is larger than the maximum value");
        start(EngineListener.NONE);

        thread.join(WAIT.toMillis());
        assertThat(loop.health().status().phase()).isEqualTo(LoopHealth.Phase.DEAD);
        assertThat(loop.health().status().detail()).startsWith("KafkaException: Unexpected error in InitProducerIdResponse");
        assertThat(kafka.producers).hasSize(CommandLoop.UNKNOWN_LIMIT);
    }

    @Test
    void anAuthorizationErrorAtCommitIsFatalAndNothingOfTheBatchIsCommitted() throws Exception {
        kafka.onProducer = p -> p.sendOffsetsFailures.add(new TopicAuthorizationException("Not authorized to access topics: [rollbook.outcomes]"));
        start(EngineListener.NONE);
        kafka.send(owner("web"), LoopOnMocks.command("c-1", "web", new Apply(nginx("web"))));

        thread.join(WAIT.toMillis());
        assertThat(loop.health().status().phase()).isEqualTo(LoopHealth.Phase.DEAD);
        assertThat(loop.health().status().detail()).startsWith("TopicAuthorizationException");
        assertThat(kafka.committed()).isEmpty();
        assertThat(kafka.producers.get(0).aborts.get()).isEqualTo(1);
    }

    @Test
    void aLoopWhoseThreadIsKilledIsDeadInItsHealth() throws Exception {
        start(new EngineListener() {
            @Override
            public void transactionCommitted(int commands, int records) {
                throw new ThreadDeath();
            }
        });
        kafka.send(owner("web"), LoopOnMocks.command("c-1", "web", new Apply(nginx("web"))));

        thread.join(WAIT.toMillis());
        assertThat(ended).singleElement().isInstanceOf(ThreadDeath.class);
        assertThat(loop.health().status().phase()).isEqualTo(LoopHealth.Phase.DEAD);
        assertThat(loop.health().status().detail()).isEqualTo("ThreadDeath");
    }

    @Test
    void closingStopsTheLoopAndItsMemberLeavesTheGroup() throws Exception {
        start(EngineListener.NONE);
        await().atMost(WAIT).until(() -> loop.health().status().phase() == LoopHealth.Phase.RUNNING);

        loop.close();
        thread.join(WAIT.toMillis());
        assertThat(ended).isEmpty();
        assertThat(loop.health().status().phase()).isEqualTo(LoopHealth.Phase.STOPPED);
        assertThat(kafka.consumers.get(0).closed()).isTrue();
        assertThat(kafka.producers.get(0).closed()).isTrue();
    }

    @Test
    void aHandlerThatThrowsIsRefusedAsInternalErrorDeadLetteredAndCountedAndTheLoopGoesOn() throws Exception {
        List<String> failures = new ArrayList<>();
        kafka.failingHandlers.put("c-1", new NullPointerException("a bug"));
        start(new EngineListener() {
            @Override
            public void handlerFailed(CommandEnvelope command, RuntimeException failure) {
                failures.add(command.commandId() + " " + failure.getClass().getSimpleName());
            }
        });
        kafka.send(owner("web"), LoopOnMocks.command("c-0", "web", new Apply(nginx("web"))));
        awaitOutcome("c-0");
        int events = kafka.events().size();
        kafka.send(owner("web"), LoopOnMocks.command("c-1", "web", new Scale(3)));

        Outcome refused = awaitOutcome("c-1");
        assertThat(refused.status()).isEqualTo(Outcome.Status.Rejected);
        assertThat(refused.message()).isEqualTo("Internal error occurred: NullPointerException: a bug");
        assertThat(refused.reason()).isEqualTo(Outcome.Reason.InternalError);
        assertThat(failures).containsExactly("c-1 NullPointerException");
        ProducerRecord<String, byte[]> dead = kafka.committed(kafka.topics.deadletter()).get(0);
        assertThat(header(dead, BatchTransaction.ERROR)).isEqualTo(refused.message());
        assertThat(header(dead, BatchTransaction.REASON)).isEqualTo("InternalError");
        assertThat(header(dead, BatchTransaction.EXCEPTION)).startsWith("java.lang.NullPointerException");
        assertThat(kafka.events()).as("nothing of it applied").hasSize(events);

        kafka.send(owner("web"), LoopOnMocks.command("c-2", "web", new Scale(4)));
        assertThat(awaitOutcome("c-2").message()).as("the loop goes on").isEqualTo("deployment.apps/web scaled");
        assertThat(loop.health().status().phase()).isEqualTo(LoopHealth.Phase.RUNNING);
    }

    static String header(ProducerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static List<EventEnvelope> of(List<EventEnvelope> events, String aggregate) {
        return events.stream().filter(e -> e.aggregate().equals(aggregate)).toList();
    }
}
