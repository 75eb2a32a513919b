package io.rollbook.api.codec;

import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.Namespace;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.manifest.networking.NetworkAttachmentDefinition;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import io.rollbook.api.manifest.networking.NetworkPolicyPeer;
import io.rollbook.api.manifest.networking.NetworkPolicyPort;
import io.rollbook.api.value.IntOrPercent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The network kinds read as kubectl reads them, and written back to the same object. */
class NetworkManifestsTest {

    /** The Kubernetes documentation's first NetworkPolicy example, verbatim. */
    static final String DOCS_EXAMPLE = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: test-network-policy
              namespace: default
            spec:
              podSelector:
                matchLabels:
                  role: db
              policyTypes:
              - Ingress
              - Egress
              ingress:
              - from:
                - ipBlock:
                    cidr: 172.17.0.0/16
                    except:
                    - 172.17.1.0/24
                - namespaceSelector:
                    matchLabels:
                      project: myproject
                - podSelector:
                    matchLabels:
                      role: frontend
                ports:
                - protocol: TCP
                  port: 6379
              egress:
              - to:
                - ipBlock:
                    cidr: 10.0.0.0/24
                ports:
                - protocol: TCP
                  port: 32000
                  endPort: 32768
            """;

    static String example(String name) throws IOException {
        return Files.readString(Path.of("..", "examples", "network", name));
    }

    @Test
    void readsTheDocumentationExample() {
        NetworkPolicy p = (NetworkPolicy) Manifests.parse(DOCS_EXAMPLE).get(0);

        assertThat(p.spec().podSelector().matchLabels()).isEqualTo(Map.of("role", "db"));
        assertThat(p.spec().policyTypes()).containsExactly("Ingress", "Egress");
        List<NetworkPolicyPeer> from = p.spec().ingressRules().get(0).peers();
        assertThat(from).hasSize(3);
        assertThat(from.get(0).ipBlock().cidr()).isEqualTo("172.17.0.0/16");
        assertThat(from.get(0).ipBlock().except()).containsExactly("172.17.1.0/24");
        assertThat(from.get(1).namespaceSelector().matchLabels()).containsEntry("project", "myproject");
        assertThat(from.get(1).podSelector()).isNull(); // a separate peer, not combined
        NetworkPolicyPort range = p.spec().egressRules().get(0).portList().get(0);
        assertThat(range).isEqualTo(new NetworkPolicyPort("TCP", IntOrPercent.ofInt(32000), 32768));
    }

    @Test
    void anEmptySelectorIsKeptApartFromAMissingOne() {
        NetworkPolicy p = (NetworkPolicy) Manifests.parse("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-all}
                spec:
                  podSelector: {}
                  ingress:
                  - {}
                """).get(0);

        assertThat(p.spec().podSelector()).isNotNull();
        assertThat(p.spec().podSelector().isEmpty()).isTrue();
        assertThat(p.spec().ingressRules()).hasSize(1); // one rule that allows everything
        assertThat(p.spec().ingressRules().get(0).peers()).isEmpty();
        assertThat(Codec.toJson(p.spec())).isEqualTo("{\"podSelector\":{},\"ingress\":[{}]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"namespace.yaml", "default-deny.yaml", "allow-from-frontend.yaml", "bridge-nad.yaml"})
    void examplesRoundTrip(String file) throws IOException {
        KubeObject object = Manifests.parse(example(file)).get(0);

        assertThat(Manifests.parse(Codec.toJson(object))).containsExactly(object);
        assertThat(Manifests.parse(Codec.toYaml(object))).containsExactly(object);
    }

    @Test
    void readsNamespacesAndAttachmentDefinitions() throws IOException {
        Namespace ns = (Namespace) Manifests.parse(example("namespace.yaml")).get(0);
        NetworkAttachmentDefinition nad = (NetworkAttachmentDefinition) Manifests.parse(example("bridge-nad.yaml"))
                .get(0);

        assertThat(ns.key()).isEqualTo("shop");
        assertThat(ns.effectiveLabels()).containsEntry("team", "shop")
                .containsEntry(WellKnown.NAMESPACE_NAME_LABEL, "shop");
        assertThat(nad.metadata().namespace()).isEqualTo("shop");
        assertThat(nad.spec().config()).contains("\"type\": \"bridge\"").contains("\"subnet\": \"10.10.0.0/16\"");
    }

    @Test
    void refusesAnUnknownGroupVersion() {
        String beta = "{\"apiVersion\":\"networking.k8s.io/v1beta1\",\"kind\":\"NetworkPolicy\"}";
        assertThatThrownBy(() -> Manifests.parse(beta))
                .isInstanceOf(ManifestException.class)
                .hasMessage("no matches for kind \"NetworkPolicy\" in version \"networking.k8s.io/v1beta1\"");
    }
}
