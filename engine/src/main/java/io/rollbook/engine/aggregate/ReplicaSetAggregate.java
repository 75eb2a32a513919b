package io.rollbook.engine.aggregate;

import io.rollbook.api.state.WorkloadState;
import io.rollbook.engine.verbs.Decision;
import io.rollbook.engine.verbs.ReplicaSetDecider;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;

/** The Axon shell of a bare ReplicaSet; the rules are in {@link ReplicaSetDecider}. */
public class ReplicaSetAggregate extends WorkloadAggregate {

    protected ReplicaSetAggregate() {
    }

    private ReplicaSetAggregate(ReplicaSetAggregate source) {
        super(source);
    }

    /** The aggregate a snapshot holds ({@link FoldedAggregate#of}). */
    ReplicaSetAggregate(String aggregateId, WorkloadState state) {
        super(aggregateId, state);
    }

    @Override
    public ReplicaSetAggregate copy() {
        return new ReplicaSetAggregate(this);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Decision handle(ReplicaSetCommand command) {
        return decide(command.aggregateId(), command.envelope(), ReplicaSetDecider::decide);
    }
}
