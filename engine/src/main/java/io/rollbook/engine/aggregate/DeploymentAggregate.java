package io.rollbook.engine.aggregate;

import io.rollbook.api.state.WorkloadState;
import io.rollbook.engine.verbs.Decision;
import io.rollbook.engine.verbs.DeploymentDecider;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;

/** The Axon shell of a Deployment; the rules are in {@link DeploymentDecider}. */
public class DeploymentAggregate extends WorkloadAggregate {

    /** For Axon: aggregates are created by their first command (apply of a new Deployment). */
    protected DeploymentAggregate() {
    }

    private DeploymentAggregate(DeploymentAggregate source) {
        super(source);
    }

    /** The aggregate a snapshot holds ({@link FoldedAggregate#of}). */
    DeploymentAggregate(String aggregateId, WorkloadState state) {
        super(aggregateId, state);
    }

    @Override
    public DeploymentAggregate copy() {
        return new DeploymentAggregate(this);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Decision handle(DeploymentCommand command) {
        return decide(command.aggregateId(), command.envelope(), DeploymentDecider::decide);
    }
}
