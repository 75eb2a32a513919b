package io.rollbook.engine.aggregate;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.state.ConfigObjectState;
import io.rollbook.api.state.Snapshots;
import io.rollbook.engine.verbs.ConfigObjectDecider;
import io.rollbook.engine.verbs.Decision;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;

import java.time.Instant;

/**
 * The Axon shell of one stored configuration object (a Namespace, a NetworkPolicy or a
 * NetworkAttachmentDefinition); the rules are in {@link ConfigObjectDecider}.
 */
public class ConfigObjectAggregate implements FoldedAggregate {

    @AggregateIdentifier
    private String id;
    private final ConfigObjectState state;

    /** For Axon: aggregates are created by their first command (apply of a new object). */
    protected ConfigObjectAggregate() {
        state = new ConfigObjectState();
    }

    private ConfigObjectAggregate(ConfigObjectAggregate source) {
        id = source.id;
        state = source.state.copy();
    }

    /** The aggregate a snapshot holds ({@link FoldedAggregate#of}). */
    ConfigObjectAggregate(String aggregateId, ConfigObjectState state) {
        id = aggregateId;
        this.state = state;
    }

    @Override
    public Snapshots.AggregateSnapshot snapshot(String aggregateId, long sequence, long offset) {
        return Snapshots.of(aggregateId, sequence, offset, state);
    }

    @Override
    public ConfigObjectAggregate copy() {
        return new ConfigObjectAggregate(this);
    }

    @Override
    public void fold(String aggregateId, RollbookEvent event, Instant time) {
        id = aggregateId;
        state.apply(event);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Decision handle(ConfigObjectCommand command) {
        id = command.aggregateId(); // set before the first event, so a new aggregate's first event carries it
        CommandEnvelope cmd = command.envelope();
        Instant now = cmd.issuedAt();
        MetaData metaData = EventMetaData.of(cmd, now);
        return ConfigObjectDecider.decide(state, cmd, now, event -> AggregateLifecycle.apply(event, metaData));
    }

    @EventSourcingHandler
    void on(RollbookEvent event, EventMessage<?> message) {
        String aggregateId = message instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null
                ? domain.getAggregateIdentifier() : id;
        fold(aggregateId, event, EventMetaData.time(message.getMetaData(), message.getTimestamp()));
    }

    /** The state, for tests and read-only inspection. */
    public ConfigObjectState state() {
        return state;
    }
}
