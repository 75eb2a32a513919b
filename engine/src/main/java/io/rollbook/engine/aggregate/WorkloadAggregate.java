package io.rollbook.engine.aggregate;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.state.Snapshots;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.engine.controllers.EventSink;
import io.rollbook.engine.verbs.Decision;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;

import java.time.Instant;

/**
 * What both aggregate shells share: the identity, the {@link WorkloadState} their events fold into,
 * and how a command is decided with its own time as "now". Event-sourcing handlers only assign.
 */
abstract class WorkloadAggregate implements FoldedAggregate {

    @AggregateIdentifier
    private String id;
    private WorkloadState state; // made with the id, by the first command or event

    WorkloadAggregate() {
    }

    /** A copy of {@code source}: same id, an independent copy of its state. */
    WorkloadAggregate(WorkloadAggregate source) {
        id = source.id;
        state = source.state == null ? null : source.state.copy();
    }

    /** An aggregate holding {@code state}, restored from a snapshot. */
    WorkloadAggregate(String aggregateId, WorkloadState state) {
        id = aggregateId;
        this.state = state;
    }

    @Override
    public Snapshots.AggregateSnapshot snapshot(String aggregateId, long sequence, long offset) {
        return Snapshots.of(aggregateId, sequence, offset, state(aggregateId));
    }

    /** The rules of one kind of workload: state, command and time in, events out. */
    @FunctionalInterface
    interface Decider {
        Decision decide(WorkloadState state, CommandEnvelope cmd, Instant now, EventSink sink);
    }

    /** Decides {@code cmd} with {@code decider}, applying each event through Axon with the command's metadata. */
    Decision decide(String aggregateId, CommandEnvelope cmd, Decider decider) {
        id = aggregateId; // set before the first event, so a new aggregate's first event carries it
        Instant now = cmd.issuedAt();
        MetaData metaData = EventMetaData.of(cmd, now);
        WorkloadState s = state(aggregateId);
        // Axon's cache keeps this instance from the last command, folded further by its events: the
        // same state as the committed fold, which forgets after each event (FoldedAggregate).
        forgetWhatNoDecisionReads();
        return decider.decide(s, cmd, now, event -> AggregateLifecycle.apply(event, metaData));
    }

    @EventSourcingHandler
    void on(RollbookEvent event, EventMessage<?> message) {
        String aggregateId = message instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null
                ? domain.getAggregateIdentifier() : id;
        fold(aggregateId, event, EventMetaData.time(message.getMetaData(), message.getTimestamp()));
    }

    @Override
    public void fold(String aggregateId, RollbookEvent event, Instant time) {
        id = aggregateId;
        state(aggregateId).apply(event, time);
    }

    @Override
    public void forgetWhatNoDecisionReads() {
        if (state != null) {
            state.forgetRevisionsGone();
        }
    }

    /** The state, for tests and read-only inspection; null before the first command or event. */
    public WorkloadState state() {
        return state;
    }

    private WorkloadState state(String aggregateId) {
        if (state == null) {
            state = new WorkloadState(aggregateId);
        }
        return state;
    }
}
