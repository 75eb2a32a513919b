package io.rollbook.infra.kafka;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnTimeoutException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnknownProducerIdException;

/**
 * Kafka's error taxonomy as the command loop acts on it, after the classification of Kafka
 * Streams' {@code StreamsProducer} and the client javadoc:
 *
 * <ul>
 *   <li>{@link Action#REJOIN}: the loop no longer owns what it thinks it owns. Its producer was
 *       fenced ({@code ProducerFencedException}, {@code InvalidProducerEpochException} when the
 *       coordinator aborted a transaction that outlived {@code transaction.timeout.ms},
 *       {@code InvalidPidMappingException}), or a rebalance took its partitions while the batch ran
 *       ({@code CommitFailedException}, {@code RebalanceInProgressException},
 *       {@code IllegalGenerationException}, {@code UnknownMemberIdException} at commit). Abort, drop
 *       everything kept of the partitions and start a new session: new clients, partitions
 *       restored from Kafka on the new assignment.</li>
 *   <li>{@link Action#RETRY}: the cluster is moving ({@code RetriableException}: timeouts,
 *       {@code NOT_LEADER_OR_FOLLOWER}, {@code NOT_COORDINATOR}, {@code COORDINATOR_NOT_AVAILABLE},
 *       {@code CONCURRENT_TRANSACTIONS}, a network error), or the transaction must be aborted
 *       ({@code TransactionAbortableException}). Abort, seek back, run the batch again after a
 *       bounded exponential backoff.</li>
 *   <li>{@link Action#FATAL}: retrying cannot help. Authorization and authentication,
 *       {@code UnsupportedVersionException} and other configuration errors, a record the broker
 *       will never take, our own serialisation bug, another live instance with our
 *       {@code group.instance.id} ({@code FencedInstanceIdException}), and anything that is not a
 *       Kafka error (a bug of ours). The loop stops and says why.</li>
 * </ul>
 *
 * The cause chain is searched, since the producer reports an earlier failed send as a
 * {@code KafkaException} whose cause is that send's error. A Kafka error of no known kind starts a
 * new session: it clears whatever state the clients were left in; a failure of our own code is
 * fatal even when a client wraps it.
 */
final class KafkaFailures {

    /** What the loop does about a failure. */
    enum Action { REJOIN, RETRY, FATAL }

    private KafkaFailures() {
    }

    static Action classify(Throwable failure) {
        Action found = null;
        for (Throwable t = failure; t != null && found == null; t = t.getCause() == t ? null : t.getCause()) {
            found = kindOf(t);
        }
        if (found != null) {
            return found;
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // A Kafka error of no known kind: a new session clears whatever state the clients were left in.
        // Anything else is ours (a bug, or a log it cannot fold), even when a client wrapped it (a
        // rebalance callback's failure comes out of poll as a KafkaException): retrying cannot help.
        return root instanceof KafkaException ? Action.REJOIN : Action.FATAL;
    }

    private static Action kindOf(Throwable t) {
        if (t instanceof BatchTransaction.CommitUncertainException) {
            return Action.REJOIN; // its cause is a timeout, but the transaction can be neither retried nor aborted
        }
        if (t instanceof FencedInstanceIdException) {
            return Action.FATAL; // checked before the other fencing: it means a second instance with our id
        }
        if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                || t instanceof InvalidPidMappingException || t instanceof UnknownProducerIdException
                || t instanceof CommitFailedException || t instanceof RebalanceInProgressException
                || t instanceof IllegalGenerationException || t instanceof UnknownMemberIdException) {
            return Action.REJOIN;
        }
        if (t instanceof InvalidConfigurationException || t instanceof ConfigException
                || t instanceof AuthenticationException || t instanceof SerializationException
                || t instanceof RecordTooLargeException || t instanceof InvalidTxnTimeoutException
                || t instanceof PartitionNotOwnedException) {
            return Action.FATAL; // authorization and UnsupportedVersion are InvalidConfigurationExceptions
        }
        if (t instanceof RetriableException || t instanceof TransactionAbortableException) {
            return Action.RETRY;
        }
        return null;
    }

    /**
     * A Kafka error of no known kind (the client's "Unexpected error in InitProducerIdResponse" for a
     * transaction timeout the broker refuses is one): a new session may clear it, but the loop gives
     * up when it comes back every time.
     */
    static boolean unknown(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (kindOf(t) != null) {
                return false;
            }
        }
        return classify(failure) == Action.REJOIN;
    }

    /** The short name and message of a failure, for logs, health and metrics. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root && root instanceof KafkaException
                && kindOf(root) == null) {
            root = root.getCause(); // "KafkaException: in an error state" says less than its cause
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
