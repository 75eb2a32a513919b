package io.rollbook.engine.aggregate;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.ReportPod;
import io.rollbook.api.event.PodStarted;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.value.NetworkInterface;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.controllers.PodNames;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The address a kubelet reports when a pod starts is recorded on PodStarted and kept in the pod's state. */
class PodAddressReportTest {

    private static final ObjectRef MYAPP = ObjectRef.replicaSet("default", "myapp-replicaset");
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final String POD = PodNames.name("myapp-replicaset", 0);

    private FixtureConfiguration<ReplicaSetAggregate> fixture;
    private int ids;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ReplicaSetAggregate.class);
    }

    private ReplicaSetCommand command(CommandPayload payload) {
        ids++;
        return new ReplicaSetCommand(CommandEnvelope.of("c-" + ids, MYAPP, T0.plusSeconds(ids), "kubelet", null,
                payload));
    }

    private static ReplicaSet myapp() throws IOException {
        return (ReplicaSet) Manifests.parse(Files.readString(Path.of("..", "examples", "myapp-replicaset.yaml"))).get(0);
    }

    @Test
    void aRunningReportWithAnAddressRecordsIt() throws IOException {
        List<NetworkInterface> net1 = List.of(new NetworkInterface("default/br-net", "net1", "10.10.1.20"));
        fixture.givenCommands(command(new Apply(myapp())))
                .when(command(new ReportPod(POD, "Running", "node-2", null, "10.244.2.2", net1)))
                .expectEvents(new PodStarted(POD, "myapp-replicaset", "node-2", "10.244.2.2", net1))
                .expectState(a -> {
                    assertThat(a.state().pod(POD).ip()).isEqualTo("10.244.2.2");
                    assertThat(a.state().pod(POD).networks()).isEqualTo(net1);
                });
    }

    @Test
    void aReadyReportOfAPendingPodStartsItWithItsAddress() throws IOException {
        fixture.givenCommands(command(new Apply(myapp())))
                .when(command(new ReportPod(POD, "Ready", "node-1", null, "10.244.1.2", null)))
                .expectState(a -> assertThat(a.state().pod(POD).ip()).isEqualTo("10.244.1.2"));
    }
}
