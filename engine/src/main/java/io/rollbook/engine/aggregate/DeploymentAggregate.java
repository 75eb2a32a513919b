package io.rollbook.engine.aggregate;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.engine.controller.Decision;
import io.rollbook.engine.controller.DeploymentDecider;
import io.rollbook.engine.domain.WorkloadState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;

import java.time.Instant;

/**
 * The Axon shell of a Deployment: it hands each command to {@link DeploymentDecider} with the
 * command's own time as "now", and applies the events it emits. Event-sourcing handlers only assign.
 */
public class DeploymentAggregate {

    @AggregateIdentifier
    private String id;
    private final WorkloadState state = new WorkloadState();

    /** For Axon: aggregates are created by their first command (apply of a new Deployment). */
    protected DeploymentAggregate() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Decision handle(DeploymentCommand command) {
        CommandEnvelope cmd = command.envelope();
        id = command.aggregateId();
        Instant now = cmd.issuedAt();
        return DeploymentDecider.decide(state, cmd, now,
                event -> AggregateLifecycle.apply(event, EventMetaData.of(cmd, now)));
    }

    @EventSourcingHandler
    void on(RollbookEvent event, EventMessage<?> message) {
        if (message instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null) {
            id = domain.getAggregateIdentifier();
        }
        state.apply(event, EventMetaData.time(message.getMetaData(), message.getTimestamp()));
    }

    /** The state, for tests and read-only inspection. */
    public WorkloadState state() {
        return state;
    }
}
