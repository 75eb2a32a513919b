package io.rollbook.infra.kafka;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.aggregate.EventMetaData;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Axon's event storage on Kafka: appends go to {@code rollbook.events} inside the engine's open
 * Kafka transaction, in the contract's envelope; reads by aggregate are served from the
 * {@link AggregateStates} of the partitions this instance owns (a snapshot of the committed state, then
 * the events staged in the open transaction). Kafka stays the only store.
 *
 * <p>An append goes only to a partition the loop owns: an aggregate's events partition is murmur2
 * of its key, and a command whose target lives elsewhere is forwarded by the loop, never run here.
 * An append for a partition not owned is refused before anything of it is sent
 * ({@link PartitionNotOwnedException}), so one aggregate never gets two histories.
 */
final class KafkaEventStorageEngine implements EventStorageEngine {

    private final String topic;
    private final int partitions;
    private final AggregateStates states;
    private final Producer<String, byte[]> producer;
    private final Set<Integer> owned;
    /** One per storage engine: an engine belongs to one command loop, so to one thread. */
    private final Events.Encoder encoder = Events.encoder();

    private KafkaEventStorageEngine(Builder builder) {
        builder.validate();
        this.topic = builder.topic;
        this.partitions = builder.partitions;
        this.states = builder.states;
        this.producer = builder.producer;
        this.owned = builder.owned;
    }

    static Builder builder() {
        return new Builder();
    }

    /** What the storage engine needs; {@link #build} refuses to make one without all of it. */
    static final class Builder {
        private String topic;
        private int partitions;
        private AggregateStates states;
        private Producer<String, byte[]> producer;
        private Set<Integer> owned;

        /** The events topic ({@code rollbook.events} under the topic prefix). */
        Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /** Its partition count: an aggregate's partition is murmur2 of its key modulo this. */
        Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /** The owned aggregates' folded states, where appends are staged and reads are served. */
        Builder states(AggregateStates states) {
            this.states = states;
            return this;
        }

        /** The transactional producer whose open transaction appends join. */
        Builder producer(Producer<String, byte[]> producer) {
            this.producer = producer;
            return this;
        }

        /** The partitions the loop owns now, a live view kept by its rebalance listener: appends go nowhere else. */
        Builder owned(Set<Integer> owned) {
            this.owned = owned;
            return this;
        }

        void validate() {
            if (topic == null || topic.isBlank()) {
                throw new IllegalStateException("the events topic is required");
            }
            if (partitions < 1) {
                throw new IllegalStateException("the events topic needs at least one partition, got " + partitions);
            }
            if (states == null) {
                throw new IllegalStateException("the aggregate states are required");
            }
            if (producer == null) {
                throw new IllegalStateException("the transactional producer is required");
            }
            if (owned == null) {
                throw new IllegalStateException("the owned partitions are required");
            }
        }

        KafkaEventStorageEngine build() {
            return new KafkaEventStorageEngine(this);
        }
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        // Everything is checked and encoded before the first send: a refused append leaves nothing behind.
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            DomainEventMessage<?> domain = (DomainEventMessage<?>) event;
            String aggregate = domain.getAggregateIdentifier();
            int partition = Partitions.of(ObjectRef.keyOfAggregate(aggregate), partitions);
            if (!owned.contains(partition)) {
                throw new PartitionNotOwnedException(aggregate, partition, owned.toString());
            }
            records.add(new ProducerRecord<>(topic, partition, aggregate, encoder.encode(toEnvelope(domain))));
        }
        for (int i = 0; i < records.size(); i++) {
            states.stage(records.get(i).partition(), (DomainEventMessage<?>) events.get(i), producer.send(records.get(i)));
        }
    }

    static EventEnvelope toEnvelope(DomainEventMessage<?> domain) {
        var meta = domain.getMetaData();
        Object commandId = meta.get(EventMetaData.COMMAND_ID);
        Object actor = meta.get(EventMetaData.ACTOR);
        return EventEnvelope.of(domain.getAggregateIdentifier(), domain.getSequenceNumber(),
                EventMetaData.time(meta, domain.getTimestamp()), commandId == null ? null : commandId.toString(),
                actor == null || actor.toString().isEmpty() ? null : actor.toString(),
                (RollbookEvent) domain.getPayload());
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return DomainEventStream.of(states.read(aggregateIdentifier, firstSequenceNumber).stream(),
                () -> states.lastSequence(aggregateIdentifier));
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return Optional.ofNullable(states.lastSequence(aggregateIdentifier));
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        // Nothing to store: the states keeps every aggregate folded as it commits (see readSnapshot).
    }

    /** The aggregate folded from its committed events: Axon loads it and reads only the staged events after it. */
    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return states.snapshot(aggregateIdentifier);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        throw new UnsupportedOperationException("read rollbook.events from Kafka; Axon tracking is not used");
    }
}
