package io.rollbook.engine.aggregate;

import io.rollbook.api.command.CommandEnvelope;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** A command for the Deployment aggregate named by its target ({@code namespace/name}). */
public record DeploymentCommand(CommandEnvelope envelope) implements AggregateCommand {

    public DeploymentCommand {
        Objects.requireNonNull(envelope, "envelope");
    }

    @Override
    @TargetAggregateIdentifier
    public String aggregateId() {
        return envelope.target().aggregateId();
    }
}
