package io.rollbook.api.codec;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import io.rollbook.api.manifest.networking.NetworkPolicyIngressRule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A YAML null ({@code key:} with nothing after it) or a JSON null is read as the API server reads it:
 * the field is absent, and a null in a list is the zero value of its element.
 */
class ApiNullsTest {

    private static final String POLICY = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: web-deny-all
              namespace: np01
            spec:
              podSelector:
                matchLabels:
            """;

    private static NetworkPolicy policy(String rest) {
        return (NetworkPolicy) Manifests.parse(POLICY + rest).get(0);
    }

    @Test
    void anEmptyMatchLabelsIsAnAbsentOneAndSelectsEveryPod() {
        assertThat(policy("").spec().podSelector().matchLabels()).isNull();
    }

    @Test
    void anEmptyIngressIsNoRuleAtAll() {
        assertThat(policy("  ingress:\n").spec().ingress()).isNull();
    }

    @Test
    void aRuleWithAnEmptyFromAllowsFromEverywhere() {
        NetworkPolicyIngressRule rule = policy("  ingress:\n  - from:\n").spec().ingress().get(0);

        assertThat(rule.from()).isNull();
        assertThat(rule.ports()).isNull();
    }

    @Test
    void aNullRuleInTheListIsAnEmptyRule() {
        // Go decodes a null element of []NetworkPolicyIngressRule as the zero rule: it allows everything
        assertThat(policy("  ingress:\n  -\n").spec().ingress()).hasSize(1).first()
                .satisfies(r -> assertThat(r.from()).isNull());
    }

    @Test
    void aNullLabelValueIsTheEmptyStringButAQuotedEmptyStringStaysOne() {
        Deployment d = (Deployment) Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels:
                    tier:
                    team: ''
                  annotations:
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: nginx
                        image: nginx
                        env:
                        ports:
                """).get(0);

        assertThat(d.metadata().labels()).containsEntry("tier", "").containsEntry("team", "");
        assertThat(d.metadata().annotations()).isNull();
        assertThat(d.spec().template().spec().containers().get(0).fields()).doesNotContainKeys("env", "ports");
    }

    @Test
    void jsonNullsAreReadTheSameWay() {
        Deployment d = (Deployment) Manifests.parse("""
                {"apiVersion": "apps/v1", "kind": "Deployment",
                 "metadata": {"name": "web", "labels": null},
                 "spec": {"replicas": null, "strategy": null, "selector": {"matchLabels": {"app": "web"}},
                          "template": {"metadata": {"labels": {"app": "web"}},
                                       "spec": {"containers": [{"name": "nginx", "image": "nginx", "env": null}]}}}}
                """).get(0);

        assertThat(d.metadata().labels()).isNull();
        assertThat(d.spec().replicas()).isNull();
        assertThat(d.spec().strategy()).isNull();
        assertThat(d.spec().template().spec().containers().get(0).fields()).doesNotContainKey("env");
    }

    @Test
    void aDocumentOfNullsStillHasItsKindAndName() {
        Deployment d = (Deployment) Manifests.parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n")
                .get(0);

        assertThat(d.metadata().name()).isEqualTo("web");
        assertThat(d.spec().replicas()).isNull(); // spec is a struct in Go, not a pointer: empty, not missing
        assertThat(d.spec().template()).isNull();
    }
}
