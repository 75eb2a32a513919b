package io.rollbook.infra.kafka;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.aggregate.AggregateCommand;
import io.rollbook.engine.aggregate.ConfigObjectAggregate;
import io.rollbook.engine.aggregate.ConfigObjectCommand;
import io.rollbook.engine.aggregate.DeploymentAggregate;
import io.rollbook.engine.aggregate.DeploymentCommand;
import io.rollbook.engine.aggregate.ReplicaSetAggregate;
import io.rollbook.engine.aggregate.ReplicaSetCommand;
import io.rollbook.engine.verbs.Decision;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.lock.NullLockFactory;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;

import java.util.Collection;

/**
 * Axon, wired by hand (no Spring, no Axon Server): a simple command bus, the event-sourced
 * aggregates (Deployment, bare ReplicaSet, stored configuration object) with a cache each, and the
 * Kafka storage engine under them. One core per command loop, used by its thread only: aggregates
 * need no locks (every aggregate lives in exactly one loop, the owner of its partition).
 */
class AxonDispatcher implements AutoCloseable {

    private final EmbeddedEventStore eventStore;
    private final CommandGateway gateway;
    private final Cache deploymentCache = new OwnedAggregates();
    private final Cache replicaSetCache = new OwnedAggregates();
    private final Cache configCache = new OwnedAggregates();

    AxonDispatcher(KafkaEventStorageEngine storage) {
        this.eventStore = EmbeddedEventStore.builder().storageEngine(storage).build();
        CommandBus bus = SimpleCommandBus.builder().build();
        register(bus, DeploymentAggregate.class, deploymentCache);
        register(bus, ReplicaSetAggregate.class, replicaSetCache);
        register(bus, ConfigObjectAggregate.class, configCache);
        this.gateway = DefaultCommandGateway.builder().commandBus(bus).build();
    }

    /** Subscribes the command handlers of one aggregate type, event-sourced from this core's store. */
    private <T> void register(CommandBus bus, Class<T> type, Cache cache) {
        AggregateAnnotationCommandHandler.<T>builder()
                .aggregateType(type)
                .commandTargetResolver(AggregateCommand.TARGET)
                .repository(EventSourcingRepository.builder(type)
                        .eventStore(eventStore).cache(cache).lockFactory(NullLockFactory.INSTANCE).build())
                .build().subscribe(bus);
    }

    /**
     * Runs one command through its aggregate in its own unit of work. Business rejections come back
     * as {@link io.rollbook.engine.verbs.Rejection}, with nothing applied.
     */
    Decision dispatch(CommandEnvelope command) {
        ObjectRef target = command.target();
        Object message = target.isConfig() ? new ConfigObjectCommand(command)
                : ObjectRef.DEPLOYMENT.equals(target.kind()) ? new DeploymentCommand(command)
                : new ReplicaSetCommand(command);
        return gateway.sendAndWait(message);
    }

    /** Drops cached aggregates whose events were aborted or whose partition moved away. */
    void evict(Collection<String> aggregateIds) {
        for (String id : aggregateIds) {
            deploymentCache.remove(id);
            replicaSetCache.remove(id);
            configCache.remove(id);
        }
    }

    @Override
    public void close() {
        eventStore.shutDown();
    }
}
