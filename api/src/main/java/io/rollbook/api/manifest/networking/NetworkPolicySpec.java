package io.rollbook.api.manifest.networking;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.rollbook.api.manifest.LabelSelector;
import io.rollbook.api.manifest.Maps;

import java.util.List;

/**
 * {@code spec} of a NetworkPolicy.
 *
 * @param podSelector the pods of the policy's namespace it applies to; {@code {}} selects them all
 * @param ingress     allowed incoming traffic, the union of the rules; none (with type Ingress) denies all
 * @param egress      allowed outgoing traffic, likewise
 * @param policyTypes {@code Ingress}, {@code Egress} or both; when unset the API server sets Ingress, plus
 *                    Egress when there are egress rules
 */
@JsonPropertyOrder({"podSelector", "ingress", "egress", "policyTypes"})
public record NetworkPolicySpec(LabelSelector podSelector, List<NetworkPolicyIngressRule> ingress,
                                List<NetworkPolicyEgressRule> egress, List<String> policyTypes) {

    public static final String INGRESS = "Ingress";
    public static final String EGRESS = "Egress";

    public NetworkPolicySpec {
        ingress = Maps.copy(ingress);
        egress = Maps.copy(egress);
        policyTypes = Maps.copy(policyTypes);
    }

    /** The rules, never null. */
    public List<NetworkPolicyIngressRule> ingressRules() {
        return ingress == null ? List.of() : ingress;
    }

    /** The rules, never null. */
    public List<NetworkPolicyEgressRule> egressRules() {
        return egress == null ? List.of() : egress;
    }

    /** The policy types as the API server defaults them: as written, or Ingress (+ Egress with egress rules). */
    public List<String> effectivePolicyTypes() {
        if (policyTypes != null) {
            return policyTypes;
        }
        return egress == null ? List.of(INGRESS) : List.of(INGRESS, EGRESS);
    }

    public NetworkPolicySpec withPodSelector(LabelSelector value) {
        return new NetworkPolicySpec(value, ingress, egress, policyTypes);
    }

    public NetworkPolicySpec withPolicyTypes(List<String> value) {
        return new NetworkPolicySpec(podSelector, ingress, egress, value);
    }

    public NetworkPolicySpec withIngress(List<NetworkPolicyIngressRule> value) {
        return new NetworkPolicySpec(podSelector, value, egress, policyTypes);
    }

    public NetworkPolicySpec withEgress(List<NetworkPolicyEgressRule> value) {
        return new NetworkPolicySpec(podSelector, ingress, value, policyTypes);
    }
}
