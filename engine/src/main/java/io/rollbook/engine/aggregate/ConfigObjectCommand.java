package io.rollbook.engine.aggregate;

import io.rollbook.api.command.CommandEnvelope;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** A command for a stored configuration object (Namespace, NetworkPolicy, NetworkAttachmentDefinition). */
public record ConfigObjectCommand(CommandEnvelope envelope) implements AggregateCommand {

    public ConfigObjectCommand {
        Objects.requireNonNull(envelope, "envelope");
    }

    @Override
    @TargetAggregateIdentifier
    public String aggregateId() {
        return envelope.target().aggregateId();
    }
}
