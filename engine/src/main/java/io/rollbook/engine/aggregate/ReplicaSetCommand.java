package io.rollbook.engine.aggregate;

import io.rollbook.api.command.CommandEnvelope;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** A command for a bare ReplicaSet aggregate named by its target ({@code namespace/name}). */
public record ReplicaSetCommand(CommandEnvelope envelope) implements AggregateCommand {

    public ReplicaSetCommand {
        Objects.requireNonNull(envelope, "envelope");
    }

    @Override
    @TargetAggregateIdentifier
    public String aggregateId() {
        return envelope.target().aggregateId();
    }
}
