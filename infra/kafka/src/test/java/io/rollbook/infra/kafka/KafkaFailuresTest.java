package io.rollbook.infra.kafka;

import io.rollbook.infra.kafka.KafkaFailures.Action;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.ConcurrentTransactionsException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnTimeoutException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the command loop does about each kind of failure, one row per kind. */
class KafkaFailuresTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                // fenced or migrated: a new session
                Arguments.of(new ProducerFencedException("fenced"), Action.REJOIN),
                Arguments.of(new InvalidProducerEpochException("transaction timed out"), Action.REJOIN),
                Arguments.of(new CommitFailedException("generation moved"), Action.REJOIN),
                Arguments.of(new RebalanceInProgressException("rebalancing"), Action.REJOIN),
                Arguments.of(new BatchTransaction.CommitUncertainException(3, new TimeoutException("commit")),
                        Action.REJOIN), // a timeout, but one that can be neither retried nor aborted
                Arguments.of(new KafkaException("an unknown client state"), Action.REJOIN),
                // the cluster is moving: the batch again, after a backoff
                Arguments.of(new TimeoutException("expired"), Action.RETRY),
                Arguments.of(new NotLeaderOrFollowerException("leader moved"), Action.RETRY),
                Arguments.of(new CoordinatorNotAvailableException("coordinator moved"), Action.RETRY),
                Arguments.of(new ConcurrentTransactionsException("CONCURRENT_TRANSACTIONS"), Action.RETRY),
                Arguments.of(new NetworkException("disconnected"), Action.RETRY),
                Arguments.of(new TransactionAbortableException("abort it"), Action.RETRY),
                // a send's error reported later by the producer, wrapped
                Arguments.of(new KafkaException("in an error state", new NotLeaderOrFollowerException("x")), Action.RETRY),
                Arguments.of(new KafkaException("in an error state", new ProducerFencedException("x")), Action.REJOIN),
                // retrying cannot help
                Arguments.of(new TransactionalIdAuthorizationException("denied"), Action.FATAL),
                Arguments.of(new GroupAuthorizationException("denied"), Action.FATAL),
                Arguments.of(new UnsupportedVersionException("old broker"), Action.FATAL),
                Arguments.of(new ConfigException("bad setting"), Action.FATAL),
                Arguments.of(new InvalidTxnTimeoutException("above transaction.max.timeout.ms"), Action.FATAL),
                Arguments.of(new SerializationException("our bug"), Action.FATAL),
                Arguments.of(new FencedInstanceIdException("another instance has our id"), Action.FATAL),
                Arguments.of(new KafkaException("in an error state", new GroupAuthorizationException("x")), Action.FATAL),
                Arguments.of(new KafkaException("User rebalance callback throws an error", new NullPointerException()),
                        Action.FATAL), // our own code, even wrapped by a client
                Arguments.of(new PartitionNotOwnedException("default/web", 5, "[1]"), Action.FATAL),
                Arguments.of(new IllegalStateException("a bug"), Action.FATAL));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("failures")
    void eachFailureGetsItsAction(Throwable failure, Action expected) {
        assertThat(KafkaFailures.classify(failure)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("failures")
    void describesAFailureByWhatItIs(Throwable failure, Action ignored) {
        assertThat(KafkaFailures.describe(failure)).doesNotStartWith("KafkaException: in an error state");
    }
}
