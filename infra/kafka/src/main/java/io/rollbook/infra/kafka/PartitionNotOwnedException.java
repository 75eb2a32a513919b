package io.rollbook.infra.kafka;

/**
 * An append for an aggregate whose events partition this command loop does not own: a bug (a
 * command that should have been forwarded was run), never a state to go on from. Nothing of the
 * append was sent; the loop aborts its transaction and stops.
 */
public final class PartitionNotOwnedException extends IllegalStateException {

    PartitionNotOwnedException(String aggregate, int partition, String owned) {
        super("refusing to append events of " + aggregate + " to events partition " + partition
                + ", which this command loop does not own (it owns " + owned + ")");
    }
}
