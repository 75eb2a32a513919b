package io.rollbook.api.manifest.networking;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.rollbook.api.manifest.LabelSelector;

/**
 * One {@code from} or {@code to} entry. {@code podSelector} alone: pods of the policy's namespace;
 * {@code namespaceSelector} alone: every pod of the selected namespaces; both in one entry: the
 * selected pods of the selected namespaces (an AND, unlike two entries, which are an OR);
 * {@code ipBlock}: addresses, and may not be combined with the selectors.
 */
@JsonPropertyOrder({"podSelector", "namespaceSelector", "ipBlock"})
public record NetworkPolicyPeer(LabelSelector podSelector, LabelSelector namespaceSelector, IPBlock ipBlock) {

    public static NetworkPolicyPeer pods(LabelSelector selector) {
        return new NetworkPolicyPeer(selector, null, null);
    }

    public static NetworkPolicyPeer namespaces(LabelSelector selector) {
        return new NetworkPolicyPeer(null, selector, null);
    }

    public static NetworkPolicyPeer block(IPBlock block) {
        return new NetworkPolicyPeer(null, null, block);
    }
}
