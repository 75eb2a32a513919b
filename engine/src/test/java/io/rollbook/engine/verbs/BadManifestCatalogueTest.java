package io.rollbook.engine.verbs;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.controllers.Recorder;
import io.rollbook.api.state.WorkloadState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bad-manifest half of the hostile-input catalogue: manifests that parse but that the API
 * server would refuse. Each is rejected with the API server's message, nothing is emitted, the
 * existing Deployment stays as it was, and the next valid command is still served.
 */
class BadManifestCatalogueTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final String GOOD = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, labels: {app: web}}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: app, image: "app:v1"}]}
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            invalid name (DNS-1123)        | name: web                      | name: Web_1                                                        | metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of
            name over 253 characters       | name: web                      | name: LONG_NAME | must be no more than 253 characters
            invalid container name         | name: app,                     | name: App_1,                                                       | spec.template.spec.containers[0].name: Invalid value: "App_1": a lowercase RFC 1123 label must consist of
            negative replicas              | replicas: 3                    | replicas: -1                                                       | spec.replicas: Invalid value: -1: must be greater than or equal to 0
            selector not matching labels   | 'matchLabels: {app: web}'      | 'matchLabels: {app: other}'                                        | spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`
            no containers                  | 'containers: [{name: app, image: "app:v1"}]' | 'containers: []'                                     | spec.template.spec.containers: Required value
            maxSurge and maxUnavailable 0  | '  replicas: 3'                | '  replicas: 3\n  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}' | spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0
            maxUnavailable over 100%       | '  replicas: 3'                | '  replicas: 3\n  strategy: {rollingUpdate: {maxUnavailable: "150%"}}' | spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%
            rollingUpdate under Recreate   | '  replicas: 3'                | '  replicas: 3\n  strategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}' | spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'
            deadline not above minReady    | '  replicas: 3'                | '  replicas: 3\n  minReadySeconds: 30\n  progressDeadlineSeconds: 30' | spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds
            unknown strategy type          | '  replicas: 3'                | '  replicas: 3\n  strategy: {type: BlueGreen}'                    | spec.strategy: Unsupported value
            label key not a qualified name | 'web, labels: {app: web}}'          | 'web, labels: {app: web, $foo: x}}'                                     | metadata.labels: Invalid value: "$foo": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')
            label value with a space       | 'web, labels: {app: web}}'          | 'web, labels: {app: web, tier: "front end"}}'                           | metadata.labels: Invalid value: "front end": a valid label must be an empty string or consist of alphanumeric characters
            label value over 63 characters | 'web, labels: {app: web}}'          | 'web, labels: {app: web, tier: LONG_VALUE}}'                            | metadata.labels: Invalid value: "LONG_VALUE": must be no more than 63 characters
            annotation key with two slashes | 'web, labels: {app: web}}'         | 'web, labels: {app: web}, annotations: {a/b/c: x}}'                     | metadata.annotations: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters
            annotation prefix not DNS      | 'web, labels: {app: web}}'          | 'web, labels: {app: web}, annotations: {Example_Com/x: y}}'             | metadata.annotations: Invalid value: "Example_Com/x": prefix part a lowercase RFC 1123 subdomain must consist of
            annotations over 256 KiB       | 'web, labels: {app: web}}'          | 'web, labels: {app: web}, annotations: {big: BIG}}'                     | metadata.annotations: Too long: must have at most 262144 bytes
            template label name empty      | 'metadata: {labels: {app: web}}' | 'metadata: {labels: {app: web, "example.com/": x}}'              | spec.template.labels: Invalid value: "example.com/": name part must be non-empty
            """)
    void rejectedWithTheApiServersMessageAndNothingChanges(String label, String find, String replace, String message) {
        String bad = GOOD.replace(find, replace.replace("\\n", "\n").replace("LONG_NAME", "a".repeat(254))
                .replace("LONG_VALUE", "v".repeat(64)).replace("BIG", "x".repeat(256 * 1024)));
        message = message.replace("LONG_VALUE", "v".repeat(64));
        assertThat(bad).as("the edit applies").isNotEqualTo(GOOD);
        WorkloadState state = new WorkloadState("default/web");
        Recorder created = new Recorder(state, NOW);
        DeploymentDecider.decide(state, command("c-1", new Apply(Manifests.parse(GOOD).get(0))), NOW, created);
        var before = state.deployment();

        var manifest = Manifests.parse(bad).get(0);
        String name = manifest.metadata().name();
        Recorder recorder = new Recorder(state, NOW);
        assertThatThrownBy(() -> DeploymentDecider.decide(state, command(name, "c-2", new Apply(manifest)), NOW,
                recorder))
                .isInstanceOfSatisfying(Rejection.class, e -> assertThat(e.reason()).isEqualTo(Outcome.Reason.Invalid))
                .hasMessageStartingWith("The Deployment \"" + name + "\" is invalid: ")
                .hasMessageContaining(message);
        assertThat(recorder.events()).isEmpty();
        assertThat(state.deployment()).isEqualTo(before);

        Recorder next = new Recorder(state, NOW);
        Decision scaled = DeploymentDecider.decide(state, command("c-3", new Scale(4)), NOW, next);
        assertThat(scaled.message()).isEqualTo("deployment.apps/web scaled");
    }

    private static CommandEnvelope command(String id, io.rollbook.api.command.CommandPayload payload) {
        return command("web", id, payload);
    }

    private static CommandEnvelope command(String name, String id, io.rollbook.api.command.CommandPayload payload) {
        return CommandEnvelope.of(id, ObjectRef.deployment("default", name), NOW, "tester", null, payload);
    }
}
