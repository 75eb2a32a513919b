package io.rollbook.engine.apiserver;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The API server's defaults and its refusals, with its field paths and words. */
class NetworkPolicyValidationTest {

    static NetworkPolicy policy(String spec) {
        return (NetworkPolicy) Manifests.parse("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                + "metadata: {name: p, namespace: default}\nspec: " + spec).get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cidr garbage      | {ingress: [{from: [{ipBlock: {cidr: 300.0.0.0/8}}]}]}                               | spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "300.0.0.0/8": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)
            except outside    | {ingress: [{from: [{ipBlock: {cidr: 172.17.0.0/16, except: [10.0.0.0/8]}}]}]}        | spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`
            except equal      | {egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]}]}              | spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`
            empty peer        | {ingress: [{from: [{}]}]}                                                            | spec.ingress[0].from[0]: Required value: must specify a peer
            ipBlock and more  | {ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]}                | spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer
            bad protocol      | {ingress: [{ports: [{protocol: ICMP, port: 1}]}]}                                    | spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"
            port zero         | {ingress: [{ports: [{port: 0}]}]}                                                    | spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive
            endPort below     | {egress: [{ports: [{port: 32000, endPort: 31000}]}]}                                 | spec.egress[0].ports[0].endPort: Invalid value: 32000: must be greater than or equal to `port`
            endPort named     | {egress: [{ports: [{port: http, endPort: 90}]}]}                                     | spec.egress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric
            endPort alone     | {egress: [{ports: [{endPort: 90}]}]}                                                 | spec.egress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is not specified
            unknown type      | {podSelector: {}, policyTypes: [Ingress, Sideways]}                                  | spec.policyTypes[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"
            """)
    void refuses(String label, String spec, String message) {
        assertThat(NetworkPolicyValidation.validate(NetworkPolicyValidation.defaults(policy(spec)))).extracting(FieldError::message)
                .contains(message);
    }

    @Test
    void defaultsAsTheApiServer() {
        NetworkPolicy p = NetworkPolicyValidation.defaults(policy("{egress: [{ports: [{port: 53}]}]}"));

        assertThat(p.spec().podSelector().isEmpty()).isTrue();
        assertThat(p.spec().policyTypes()).containsExactly("Ingress", "Egress"); // egress rules add Egress
        assertThat(p.spec().egressRules().get(0).portList().get(0).protocol()).isEqualTo("TCP");
        assertThat(NetworkPolicyValidation.defaults(policy("{podSelector: {}}")).spec().policyTypes())
                .containsExactly("Ingress");
        assertThat(NetworkPolicyValidation.validate(p)).isEmpty();
    }
}
