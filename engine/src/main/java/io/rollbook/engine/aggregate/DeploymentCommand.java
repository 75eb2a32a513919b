package io.rollbook.engine.aggregate;

import io.rollbook.api.command.CommandEnvelope;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** A command for the Deployment aggregate named by its target ({@code namespace/name}). */
public record DeploymentCommand(CommandEnvelope envelope) {

    public DeploymentCommand {
        Objects.requireNonNull(envelope, "envelope");
    }

    @TargetAggregateIdentifier
    public String aggregateId() {
        return envelope.target().aggregateId();
    }
}
