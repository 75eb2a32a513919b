package io.rollbook.engine.kubelet;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.command.ReportPod;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.ObjectApplied;
import io.rollbook.api.event.PodCreated;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.PodStarted;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.PodSpec;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetSpec;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.manifest.networking.NetworkAttachmentDefinition;
import io.rollbook.api.value.NetworkInterface;
import io.rollbook.engine.kubelet.KubeletModel.PlannedReport;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Pod addresses as the kubelet stand-in hands them out: from each node's subnet, lowest free first. */
class PodAddressesTest {

    static final String DEPLOY = "default/web";
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final String BRIDGE_CONFIG = "{\"type\": \"bridge\", \"bridge\": \"br1\", \"ipam\": {\"type\": "
            + "\"host-local\", \"subnet\": \"10.10.0.0/16\", \"rangeStart\": \"10.10.1.20\", \"rangeEnd\": \"10.10.3.50\"}}";

    final KubeletModel model = new KubeletModel(KubeletModelTest.EXACT);
    long sequence;

    List<PlannedReport> given(String aggregate, RollbookEvent data) {
        return model.on(EventEnvelope.of(aggregate, sequence++, T0, "c-" + sequence, "tester", data));
    }

    ReportPod running(String pod, String rs) {
        return (ReportPod) given(DEPLOY, new PodCreated(pod, rs, null)).get(0).payload();
    }

    static ReplicaSet rs(String name, Map<String, String> annotations) {
        return ReplicaSet.of(ObjectMeta.named("default", name), new ReplicaSetSpec(3, null, null,
                new PodTemplateSpec(ObjectMeta.named(null, null).withAnnotations(annotations),
                        PodSpec.of(Container.of("app", "nginx:1.14.2")))));
    }

    @Test
    void eachPodGetsTheLowestFreeAddressOfItsNodesSubnet() {
        given(DEPLOY, new ReplicaSetCreated(rs("web-1", null), 1));
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ReportPod r = running("p" + i, "web-1");
            ips.add(r.node() + " " + r.ip());
        }
        assertThat(ips).containsExactly("node-1 10.244.1.2", "node-2 10.244.2.2", "node-3 10.244.3.2",
                "node-1 10.244.1.3");

        given(DEPLOY, new PodDeleted("p0", "web-1", "node-1"));
        given(DEPLOY, new PodDeleted("p1", "web-1", "node-2"));
        assertThat(running("p4", "web-1").ip()).isEqualTo("10.244.2.2"); // node-2 is emptiest; its .2 is free again
        assertThat(running("p5", "web-1").ip()).isEqualTo("10.244.1.2");
        assertThat(model.ipOf(DEPLOY, "p5")).isEqualTo("10.244.1.2");
    }

    @Test
    void theReadyReportCarriesTheAddressTooButNotTheOthers() {
        given(DEPLOY, new ReplicaSetCreated(rs("web-1", null), 1));
        List<PlannedReport> plan = given(DEPLOY, new PodCreated("p0", "web-1", null));
        assertThat(plan).extracting(r -> ((ReportPod) r.payload()).ip()).containsExactly("10.244.1.2", "10.244.1.2");
    }

    @Test
    void theLogDecidesWhichAddressAPodHas() {
        given(DEPLOY, new ReplicaSetCreated(rs("web-1", null), 1));
        running("p0", "web-1");
        given(DEPLOY, new PodStarted("p0", "web-1", "node-1", "10.244.1.9", null)); // e.g. planned by an earlier run

        assertThat(model.ipOf(DEPLOY, "p0")).isEqualTo("10.244.1.9");
        running("p1", "web-1");
        running("p2", "web-1");
        assertThat(running("p3", "web-1").ip()).isEqualTo("10.244.1.2"); // .2 was given back
    }

    @Test
    void anAnnotatedPodGetsASecondInterfaceFromItsAttachmentDefinition() {
        NetworkAttachmentDefinition nad = NetworkAttachmentDefinition.of(ObjectMeta.named("default", "br-net"),
                BRIDGE_CONFIG);
        given("default/network-attachment-definitions/br-net", new ObjectApplied("created", Codec.toTree(nad)));
        given(DEPLOY, new ReplicaSetCreated(rs("web-1", Map.of(WellKnown.NETWORKS_ANNOTATION,
                "br-net")), 1));

        ReportPod first = running("p0", "web-1");
        running("p1", "web-1");
        running("p2", "web-1");
        ReportPod fourth = running("p3", "web-1");

        assertThat(first.networks()).containsExactly(new NetworkInterface("default/br-net", "net1", "10.10.1.20"));
        // host-local keeps its leases per node: node-1's second pod takes the next address of node-1's range
        assertThat(fourth.networks()).containsExactly(new NetworkInterface("default/br-net", "net1", "10.10.1.21"));
    }

    @Test
    void anUnknownDefinitionGivesNoSecondInterface() {
        given(DEPLOY, new ReplicaSetCreated(rs("web-1", Map.of(WellKnown.NETWORKS_ANNOTATION,
                "nowhere")), 1));
        ReportPod r = running("p0", "web-1");
        assertThat(r.ip()).isEqualTo("10.244.1.2");
        assertThat(r.networks()).isNull();
    }
}
