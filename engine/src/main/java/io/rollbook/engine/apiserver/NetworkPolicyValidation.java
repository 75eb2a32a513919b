package io.rollbook.engine.apiserver;

import io.rollbook.api.manifest.LabelSelector;
import io.rollbook.api.manifest.networking.IPBlock;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import io.rollbook.api.manifest.networking.NetworkPolicyEgressRule;
import io.rollbook.api.manifest.networking.NetworkPolicyIngressRule;
import io.rollbook.api.manifest.networking.NetworkPolicyPeer;
import io.rollbook.api.manifest.networking.NetworkPolicyPort;
import io.rollbook.api.manifest.networking.NetworkPolicySpec;
import io.rollbook.engine.network.Cidr;

import java.util.ArrayList;
import java.util.List;

/**
 * The API server's defaults and validation of a NetworkPolicy ({@code SetDefaults_NetworkPolicy},
 * {@code ValidateNetworkPolicySpec}), with its field paths and messages.
 */
public final class NetworkPolicyValidation {

    private static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");
    private static final List<String> TYPES = List.of(NetworkPolicySpec.INGRESS, NetworkPolicySpec.EGRESS);
    private static final String PORT_RANGE = "must be between 1 and 65535, inclusive";

    private NetworkPolicyValidation() {
    }

    /** An empty podSelector when unset; policyTypes Ingress (+ Egress with egress rules) when unset; TCP ports. */
    public static NetworkPolicy defaults(NetworkPolicy policy) {
        NetworkPolicySpec spec = policy.spec();
        if (spec.podSelector() == null) {
            spec = spec.withPodSelector(new LabelSelector(null, null));
        }
        spec = spec.withPolicyTypes(spec.effectivePolicyTypes());
        spec = spec.withIngress(spec.ingress() == null ? null
                : spec.ingress().stream().map(r -> r.withPorts(tcp(r.ports()))).toList());
        spec = spec.withEgress(spec.egress() == null ? null
                : spec.egress().stream().map(r -> r.withPorts(tcp(r.ports()))).toList());
        return policy.withSpec(spec);
    }

    /** The errors of a defaulted policy's spec, in the API server's order; empty when valid. */
    public static List<FieldError> validate(NetworkPolicy policy) {
        List<FieldError> errs = new ArrayList<>();
        NetworkPolicySpec spec = policy.spec();
        List<NetworkPolicyIngressRule> ingress = spec.ingressRules();
        for (int i = 0; i < ingress.size(); i++) {
            String path = "spec.ingress[" + i + "]";
            ports(ingress.get(i).portList(), path, errs);
            peers(ingress.get(i).peers(), path + ".from", errs);
        }
        List<NetworkPolicyEgressRule> egress = spec.egressRules();
        for (int i = 0; i < egress.size(); i++) {
            String path = "spec.egress[" + i + "]";
            ports(egress.get(i).portList(), path, errs);
            peers(egress.get(i).peers(), path + ".to", errs);
        }
        List<String> types = spec.policyTypes() == null ? List.of() : spec.policyTypes();
        if (types.size() > TYPES.size()) {
            errs.add(FieldError.invalid("spec.policyTypes", types, "may not specify more than two policyTypes"));
            return errs;
        }
        for (int i = 0; i < types.size(); i++) {
            if (!TYPES.contains(types.get(i))) {
                errs.add(FieldError.notSupported("spec.policyTypes[" + i + "]", types.get(i), TYPES));
            }
        }
        return errs;
    }

    private static void ports(List<NetworkPolicyPort> ports, String rulePath, List<FieldError> errs) {
        for (int i = 0; i < ports.size(); i++) {
            NetworkPolicyPort p = ports.get(i);
            String path = rulePath + ".ports[" + i + "]";
            if (p.protocol() != null && !PROTOCOLS.contains(p.protocol())) {
                errs.add(FieldError.notSupported(path + ".protocol", p.protocol(), PROTOCOLS));
            }
            if (p.port() == null) {
                if (p.endPort() != null) {
                    errs.add(FieldError.invalid(path + ".endPort", p.endPort(),
                            "may not be specified when `port` is not specified"));
                }
            } else if (p.port().isInt()) {
                int port = p.port().intValue();
                if (port < 1 || port > 65535) {
                    errs.add(FieldError.invalid(path + ".port", port, PORT_RANGE));
                }
                if (p.endPort() != null) {
                    if (p.endPort() < port) {
                        errs.add(FieldError.invalid(path + ".endPort", port,
                                "must be greater than or equal to `port`"));
                    }
                    if (p.endPort() < 1 || p.endPort() > 65535) {
                        errs.add(FieldError.invalid(path + ".endPort", p.endPort(), PORT_RANGE));
                    }
                }
            } else {
                if (p.endPort() != null) {
                    errs.add(FieldError.invalid(path + ".endPort", p.endPort(),
                            "may not be specified when `port` is non-numeric"));
                }
                portName(p.port().stringValue(), path + ".port", errs);
            }
        }
    }

    /** {@code IsValidPortName}: at most 15 characters of [-a-z0-9], at least one letter, no "--" or edge dash. */
    private static void portName(String name, String path, List<FieldError> errs) {
        if (name.length() > 15) {
            errs.add(FieldError.invalid(path, name, "must be no more than 15 characters"));
        }
        if (!name.matches("[-a-z0-9]+")) {
            errs.add(FieldError.invalid(path, name, "must contain only alpha-numeric characters (a-z, 0-9), "
                    + "and hyphens (-)"));
        } else if (!name.matches(".*[a-z].*")) {
            errs.add(FieldError.invalid(path, name, "must contain at least one letter (a-z)"));
        } else if (name.contains("--") || name.startsWith("-") || name.endsWith("-")) {
            errs.add(FieldError.invalid(path, name, "must not contain consecutive hyphens or begin or end with "
                    + "a hyphen"));
        }
    }

    private static void peers(List<NetworkPolicyPeer> peers, String listPath, List<FieldError> errs) {
        for (int i = 0; i < peers.size(); i++) {
            NetworkPolicyPeer peer = peers.get(i);
            String path = listPath + "[" + i + "]";
            int count = (peer.podSelector() != null ? 1 : 0) + (peer.namespaceSelector() != null ? 1 : 0)
                    + (peer.ipBlock() != null ? 1 : 0);
            if (peer.ipBlock() != null) {
                ipBlock(peer.ipBlock(), path + ".ipBlock", errs);
            }
            if (count == 0) {
                errs.add(FieldError.required(path, "must specify a peer"));
            } else if (count > 1 && peer.ipBlock() != null) {
                errs.add(FieldError.forbidden(path, "may not specify both ipBlock and another peer"));
            }
        }
    }

    private static void ipBlock(IPBlock block, String path, List<FieldError> errs) {
        if (block.cidr() == null || block.cidr().isEmpty()) {
            errs.add(FieldError.required(path + ".cidr", ""));
            return;
        }
        if (!isCidr(block.cidr())) {
            errs.add(FieldError.invalid(path + ".cidr", block.cidr(), CIDR_MSG));
            return;
        }
        Cidr cidr = Cidr.parse(block.cidr());
        List<String> except = block.exceptions();
        for (int i = 0; i < except.size(); i++) {
            String e = except.get(i);
            String exceptPath = path + ".except[" + i + "]";
            if (!isCidr(e)) {
                errs.add(FieldError.invalid(exceptPath, e, CIDR_MSG));
            } else if (!cidr.contains(Cidr.parse(e)) || Cidr.parse(e).prefix() <= cidr.prefix()) {
                errs.add(FieldError.invalid(exceptPath, e, "must be a strict subset of `cidr`"));
            }
        }
    }

    private static final String CIDR_MSG = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    /** A CIDR needs its prefix length: {@code 10.0.0.1} alone is not one. */
    private static boolean isCidr(String text) {
        return text.contains("/") && Cidr.isValid(text);
    }

    private static List<NetworkPolicyPort> tcp(List<NetworkPolicyPort> ports) {
        return ports == null ? null : ports.stream()
                .map(p -> p.protocol() != null ? p : new NetworkPolicyPort("TCP", p.port(), p.endPort())).toList();
    }
}
