package io.rollbook.engine.network;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.Namespace;
import io.rollbook.api.manifest.networking.NetworkPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The policies of the Kubernetes documentation's NetworkPolicy page, by name, as YAML, and a small
 * cluster to try them on: pods in default, myproject, alice and bob, plus outside addresses.
 */
final class Policies {

    private Policies() {
    }

    static final Map<String, String> YAML = Map.ofEntries(
            Map.entry("none", ""),
            Map.entry("default-deny-ingress", """
                    kind: NetworkPolicy
                    metadata: {name: default-deny-ingress}
                    spec:
                      podSelector: {}
                      policyTypes: [Ingress]
                    """),
            Map.entry("allow-all-ingress", """
                    kind: NetworkPolicy
                    metadata: {name: allow-all-ingress}
                    spec:
                      podSelector: {}
                      ingress:
                      - {}
                      policyTypes: [Ingress]
                    """),
            Map.entry("default-deny-egress", """
                    kind: NetworkPolicy
                    metadata: {name: default-deny-egress}
                    spec:
                      podSelector: {}
                      policyTypes: [Egress]
                    """),
            Map.entry("allow-all-egress", """
                    kind: NetworkPolicy
                    metadata: {name: allow-all-egress}
                    spec:
                      podSelector: {}
                      egress:
                      - {}
                      policyTypes: [Egress]
                    """),
            Map.entry("default-deny-all", """
                    kind: NetworkPolicy
                    metadata: {name: default-deny-all}
                    spec:
                      podSelector: {}
                      policyTypes: [Ingress, Egress]
                    """),
            Map.entry("test-network-policy", """
                    kind: NetworkPolicy
                    metadata: {name: test-network-policy, namespace: default}
                    spec:
                      podSelector: {matchLabels: {role: db}}
                      policyTypes: [Ingress, Egress]
                      ingress:
                      - from:
                        - ipBlock:
                            cidr: 172.17.0.0/16
                            except: [172.17.1.0/24]
                        - namespaceSelector: {matchLabels: {project: myproject}}
                        - podSelector: {matchLabels: {role: frontend}}
                        ports:
                        - {protocol: TCP, port: 6379}
                      egress:
                      - to:
                        - ipBlock: {cidr: 10.0.0.0/24}
                        ports:
                        - {protocol: TCP, port: 5978}
                    """),
            Map.entry("combined", """
                    kind: NetworkPolicy
                    metadata: {name: combined}
                    spec:
                      podSelector: {matchLabels: {role: db}}
                      ingress:
                      - from:
                        - namespaceSelector: {matchLabels: {user: alice}}
                          podSelector: {matchLabels: {role: client}}
                    """),
            Map.entry("separate", """
                    kind: NetworkPolicy
                    metadata: {name: separate}
                    spec:
                      podSelector: {matchLabels: {role: db}}
                      ingress:
                      - from:
                        - namespaceSelector: {matchLabels: {user: alice}}
                        - podSelector: {matchLabels: {role: client}}
                    """),
            Map.entry("multi-port-egress", """
                    kind: NetworkPolicy
                    metadata: {name: multi-port-egress}
                    spec:
                      podSelector: {matchLabels: {role: db}}
                      policyTypes: [Egress]
                      egress:
                      - to:
                        - ipBlock: {cidr: 10.0.0.0/24}
                        ports:
                        - {protocol: TCP, port: 32000, endPort: 32768}
                    """),
            Map.entry("deny-plus-allow", """
                    kind: NetworkPolicy
                    metadata: {name: default-deny-ingress}
                    spec: {podSelector: {}, policyTypes: [Ingress]}
                    ---
                    kind: NetworkPolicy
                    metadata: {name: allow-frontend}
                    spec:
                      podSelector: {matchLabels: {role: db}}
                      ingress:
                      - from: [{podSelector: {matchLabels: {role: frontend}}}]
                        ports: [{port: 6379}]
                    """),
            Map.entry("by-namespace-name", """
                    kind: NetworkPolicy
                    metadata: {name: by-namespace-name}
                    spec:
                      podSelector: {matchLabels: {role: db}}
                      ingress:
                      - from:
                        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: myproject}}
                    """),
            Map.entry("named-port", """
                    kind: NetworkPolicy
                    metadata: {name: named-port}
                    spec:
                      podSelector: {matchLabels: {role: db}}
                      ingress:
                      - ports: [{port: redis}]
                    """),
            Map.entry("egress-except", """
                    kind: NetworkPolicy
                    metadata: {name: egress-except}
                    spec:
                      podSelector: {matchLabels: {role: db}}
                      policyTypes: [Egress]
                      egress:
                      - to:
                        - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}
                    """));

    static final Map<String, Endpoint> ENDPOINTS = Map.ofEntries(
            Map.entry("db", Endpoint.pod("default", "db", Map.of("role", "db"), "10.244.1.10", "node-1",
                    Map.of("redis", 6379))),
            Map.entry("frontend", pod("default", "frontend", "frontend", "10.244.1.11", "node-1")),
            Map.entry("other", pod("default", "other", "other", "10.244.2.10", "node-2")),
            Map.entry("default-client", pod("default", "default-client", "client", "10.244.2.12", "node-2")),
            Map.entry("web", pod("myproject", "web", "web", "10.244.2.11", "node-2")),
            Map.entry("alice-client", pod("alice", "client", "client", "10.244.3.10", "node-3")),
            Map.entry("alice-server", pod("alice", "server", "server", "10.244.3.11", "node-3")),
            Map.entry("bob-client", pod("bob", "client", "client", "10.244.3.12", "node-3")),
            Map.entry("172.17.0.5", Endpoint.address("172.17.0.5", null)),
            Map.entry("172.17.1.5", Endpoint.address("172.17.1.5", null)),
            Map.entry("10.0.0.5", Endpoint.address("10.0.0.5", null)),
            Map.entry("8.8.8.8", Endpoint.address("8.8.8.8", null)));

    static final List<Namespace> NAMESPACES = List.of(Namespace.of("myproject", Map.of("project", "myproject")),
            Namespace.of("alice", Map.of("user", "alice")), Namespace.of("bob", Map.of("user", "bob")));

    /** The named policies (several names joined by '+'), in the default namespace unless they say otherwise. */
    static PolicyContext context(String names) {
        List<NetworkPolicy> policies = new ArrayList<>();
        for (String name : names.split("\\+")) {
            String yaml = YAML.get(name.trim());
            if (yaml == null) {
                throw new IllegalArgumentException("no policy " + name);
            }
            for (String doc : yaml.split("(?m)^---$")) {
                if (!doc.isBlank()) {
                    policies.addAll(parse("apiVersion: networking.k8s.io/v1\n" + doc.strip()));
                }
            }
        }
        return PolicyContext.of(policies, NAMESPACES);
    }

    static List<NetworkPolicy> parse(String yaml) {
        List<NetworkPolicy> out = new ArrayList<>();
        for (KubeObject o : Manifests.parse(yaml)) {
            NetworkPolicy p = (NetworkPolicy) o;
            out.add(p.metadata().namespace() != null ? p : p.withMetadata(p.metadata().withNamespace("default")));
        }
        return out;
    }

    static Endpoint endpoint(String name) {
        Endpoint e = ENDPOINTS.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no endpoint " + name);
        }
        return e;
    }

    private static Endpoint pod(String ns, String name, String role, String ip, String node) {
        return Endpoint.pod(ns, name, Map.of("role", role), ip, node, Map.of());
    }
}
