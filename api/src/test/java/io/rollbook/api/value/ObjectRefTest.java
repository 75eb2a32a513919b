package io.rollbook.api.value;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectRefTest {

    @ParameterizedTest(name = "{0} {1}/{2} -> {3}")
    @CsvSource({
            "Deployment,                  shop, web, shop/web",
            "ReplicaSet,                  shop, web, shop/replicasets/web",
            "NetworkPolicy,               shop, web, shop/networkpolicies/web",
            "NetworkAttachmentDefinition, shop, web, shop/network-attachment-definitions/web",
            "Namespace,                   shop, web, /namespaces/web", // cluster-scoped: the namespace is dropped
    })
    void aggregateIdsRoundTripAndKeepTheirKafkaKey(String kind, String ns, String name, String id) {
        ObjectRef ref = new ObjectRef(kind, ns, name);

        assertThat(ref.aggregateId()).isEqualTo(id);
        assertThat(ObjectRef.ofAggregate(id)).isEqualTo(ref);
        assertThat(ObjectRef.keyOfAggregate(id)).isEqualTo(ref.key()); // commands and events share a partition
    }

    @org.junit.jupiter.api.Test
    void noTwoKindsShareAnAggregateId() {
        // "namespaces/web" would be the Deployment "web" of namespace "namespaces"
        Set<String> ids = new HashSet<>();
        for (String kind : List.of("Deployment", "ReplicaSet", "NetworkPolicy", "NetworkAttachmentDefinition",
                "Namespace")) {
            ids.add(new ObjectRef(kind, "namespaces", "web").aggregateId());
        }
        assertThat(ids).hasSize(5);
        assertThat(ObjectRef.namespace("web").aggregateId()).isNotEqualTo(ObjectRef.deployment("namespaces", "web")
                .aggregateId());
    }

    @ParameterizedTest
    @CsvSource({
            "NetworkPolicy,               networkpolicy.networking.k8s.io/x,             networkpolicies.networking.k8s.io",
            "Namespace,                   namespace/x,                                   namespaces",
            "NetworkAttachmentDefinition, networkattachmentdefinition.k8s.cni.cncf.io/x, network-attachment-definitions.k8s.cni.cncf.io",
            "Deployment,                  deployment.apps/x,                             deployments.apps",
    })
    void kubectlNames(String kind, String kubectlName, String resource) {
        ObjectRef ref = new ObjectRef(kind, null, "x");
        assertThat(ref.kubectlName()).isEqualTo(kubectlName);
        assertThat(ref.resource()).isEqualTo(resource);
    }
}
