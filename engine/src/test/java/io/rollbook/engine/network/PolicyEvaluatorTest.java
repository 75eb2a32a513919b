package io.rollbook.engine.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.rollbook.engine.network.Policies.context;
import static io.rollbook.engine.network.Policies.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

/** The NetworkPolicy examples of the Kubernetes documentation, one connection per row. */
class PolicyEvaluatorTest {

    @ParameterizedTest(name = "{0}: {1} -> {2} {4}/{3} is {5}")
    @CsvSource({
            // no policy at all: everything flows
            "none,                 frontend,       db,            6379, TCP, allowed",
            "none,                 8.8.8.8,        db,            80,   TCP, allowed",
            // default deny all ingress: isolates every pod of the namespace, for ingress only
            "default-deny-ingress, frontend,       db,            6379, TCP, denied",
            "default-deny-ingress, db,             8.8.8.8,       443,  TCP, allowed",  // egress untouched
            "default-deny-ingress, frontend,       alice-server,  80,   TCP, allowed",  // other namespace
            "allow-all-ingress,    8.8.8.8,        db,            80,   TCP, allowed",
            // default deny all egress: the sender's side now decides
            "default-deny-egress,  db,             8.8.8.8,       443,  TCP, denied",
            "default-deny-egress,  frontend,       db,            6379, TCP, denied",
            "default-deny-egress,  8.8.8.8,        db,            80,   TCP, allowed",  // ingress untouched
            "default-deny-egress+allow-all-egress, db, 8.8.8.8,   443,  TCP, allowed",  // policies add up
            "default-deny-all,     frontend,       db,            6379, TCP, denied",
            "default-deny-all,     db,             frontend,      80,   TCP, denied",
            // the page's first example: three peers, one port, and an egress rule
            "test-network-policy,  frontend,       db,            6379, TCP, allowed",
            "test-network-policy,  frontend,       db,            6380, TCP, denied",   // wrong port
            "test-network-policy,  frontend,       db,            6379, UDP, denied",   // wrong protocol
            "test-network-policy,  other,          db,            6379, TCP, denied",   // role=other
            "test-network-policy,  web,            db,            6379, TCP, allowed",  // namespace project=myproject
            "test-network-policy,  alice-client,   db,            6379, TCP, denied",   // podSelector: own namespace only
            "test-network-policy,  172.17.0.5,     db,            6379, TCP, allowed",  // in the ipBlock
            "test-network-policy,  172.17.1.5,     db,            6379, TCP, denied",   // in its except range
            "test-network-policy,  db,             10.0.0.5,      5978, TCP, allowed",
            "test-network-policy,  db,             10.0.0.5,      80,   TCP, denied",
            "test-network-policy,  db,             8.8.8.8,       5978, TCP, denied",
            "test-network-policy,  db,             frontend,      80,   TCP, denied",   // db is isolated for egress
            "test-network-policy,  frontend,       other,         80,   TCP, allowed",  // neither is selected
            // namespaceSelector and podSelector in ONE peer: both must match
            "combined,             alice-client,   db,            80,   TCP, allowed",
            "combined,             alice-server,   db,            80,   TCP, denied",
            "combined,             bob-client,     db,            80,   TCP, denied",
            "combined,             default-client, db,            80,   TCP, denied",
            // ... and as two peers: either matches
            "separate,             alice-client,   db,            80,   TCP, allowed",
            "separate,             alice-server,   db,            80,   TCP, allowed",  // any pod of alice
            "separate,             default-client, db,            80,   TCP, allowed",  // role=client in default
            "separate,             bob-client,     db,            80,   TCP, denied",   // role=client, not in default
            // port ranges: port..endPort inclusive
            "multi-port-egress,    db,             10.0.0.5,      32000, TCP, allowed",
            "multi-port-egress,    db,             10.0.0.5,      32768, TCP, allowed",
            "multi-port-egress,    db,             10.0.0.5,      32769, TCP, denied",
            "multi-port-egress,    db,             10.0.0.5,      31999, TCP, denied",
            "multi-port-egress,    db,             10.0.0.5,      32000, UDP, denied",
            // a deny-all and an allow together: the allow wins for what it allows
            "deny-plus-allow,      frontend,       db,            6379, TCP, allowed",
            "deny-plus-allow,      other,          db,            6379, TCP, denied",
            "deny-plus-allow,      frontend,       other,         6379, TCP, denied",
            // a namespace by name, through the label the API server sets
            "by-namespace-name,    web,            db,            80,   TCP, allowed",
            "by-namespace-name,    alice-client,   db,            80,   TCP, denied",
            // a named port is the destination pod's container port of that name
            "named-port,           frontend,       db,            6379, TCP, allowed",
            "named-port,           frontend,       db,            6380, TCP, denied",
            // ipBlock except carves out ranges, pod addresses included
            "egress-except,        db,             8.8.8.8,       443,  TCP, allowed",
            "egress-except,        db,             10.0.0.5,      443,  TCP, denied",
            "egress-except,        db,             frontend,      80,   TCP, denied",
    })
    void decides(String policies, String from, String to, int port, String protocol, String expected) {
        var verdict = PolicyEvaluator.evaluate(context(policies), endpoint(from), endpoint(to), port, protocol);

        assertThat(verdict.allowed() ? "allowed" : "denied").isEqualTo(expected);
    }

    @Test
    void saysWhichPoliciesAndRulesDecided() {
        var verdict = PolicyEvaluator.evaluate(context("deny-plus-allow"), endpoint("frontend"), endpoint("db"),
                6379, "TCP");

        assertThat(verdict.egress().isolated()).isFalse();
        assertThat(verdict.ingress().isolating()).containsExactly("default/default-deny-ingress",
                "default/allow-frontend");
        assertThat(verdict.ingress().allowing()).containsExactly("default/allow-frontend spec.ingress[0]");
        assertThat(verdict.ingress().reason()).isEqualTo("allowed by default/allow-frontend spec.ingress[0] "
                + "(pod/db is isolated for Ingress by default/default-deny-ingress, default/allow-frontend)");
    }

    @Test
    void aDenialNamesTheIsolatingPolicies() {
        var verdict = PolicyEvaluator.evaluate(context("test-network-policy"), endpoint("db"), endpoint("8.8.8.8"),
                5978, "TCP");

        assertThat(verdict.egress().allowed()).isFalse();
        assertThat(verdict.egress().reason())
                .isEqualTo("pod/db is isolated for Egress by default/test-network-policy and no rule allows it");
        assertThat(verdict.ingress().applies()).isFalse(); // 8.8.8.8 is not a pod
    }

    @Test
    void allRulesThatMatchAreListed() {
        var verdict = PolicyEvaluator.evaluate(context("allow-all-ingress+test-network-policy"), endpoint("frontend"),
                endpoint("db"), 6379, "TCP");

        assertThat(verdict.ingress().allowing()).containsExactlyInAnyOrder("default/allow-all-ingress spec.ingress[0]",
                "default/test-network-policy spec.ingress[0]");
    }
}
