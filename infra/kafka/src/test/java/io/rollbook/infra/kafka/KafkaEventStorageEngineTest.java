package io.rollbook.infra.kafka;

import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.manifest.Deployment;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Appends go only to a partition the loop owns: one aggregate never gets two histories. */
class KafkaEventStorageEngineTest {

    final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    final AggregateStates states = new AggregateStates();
    static final int WEB = Partitions.of("default/web", 6);
    final Set<Integer> owned = new TreeSet<>(Set.of(WEB));
    final KafkaEventStorageEngine storage = KafkaEventStorageEngine.builder().topic("rollbook.events").partitions(6)
            .states(states).producer(producer).owned(owned).build();

    static GenericDomainEventMessage<?> applied(String aggregate, long sequence) throws Exception {
        Deployment d = CommandLoopTest.nginx(aggregate.substring(aggregate.indexOf('/') + 1));
        return new GenericDomainEventMessage<>("Deployment", aggregate, sequence, new DeploymentApplied(d, "created"));
    }

    @Test
    void anAggregateOfAnOwnedPartitionIsAppendedToItsPartition() throws Exception {
        String web = "default/web";
        storage.appendEvents(List.of(applied(web, 0), applied(web, 1)));

        assertThat(producer.history()).extracting(r -> r.partition()).containsExactly(WEB, WEB);
        assertThat(states.lastSequence(web)).isEqualTo(1);
    }

    @Test
    void anAppendForAPartitionNotOwnedIsRefusedBeforeAnythingIsSent() throws Exception {
        String kcw = "default/kcw-3"; // murmur2: partition 5, which this loop does not own
        assertThat(Partitions.of(kcw, 6)).isEqualTo(5).isNotEqualTo(WEB);
        assertThatThrownBy(() -> storage.appendEvents(List.of(applied("default/web", 0), applied(kcw, 0))))
                .isInstanceOf(PartitionNotOwnedException.class)
                .hasMessage("refusing to append events of default/kcw-3 to events partition 5, which this command"
                        + " loop does not own (it owns [" + WEB + "])");
        assertThat(producer.history()).isEmpty();
        assertThat(states.stagedCount()).isZero();
    }

    @Test
    void ownershipIsLive() throws Exception {
        owned.add(5);
        storage.appendEvents(List.of(applied("default/kcw-3", 0)));
        assertThat(producer.history()).extracting(r -> r.partition()).containsExactly(5);
    }
}
