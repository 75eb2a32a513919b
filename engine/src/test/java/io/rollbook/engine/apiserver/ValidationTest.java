package io.rollbook.engine.apiserver;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentSpec;
import io.rollbook.api.manifest.DeploymentStrategy;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.LabelSelector;
import io.rollbook.api.manifest.LabelSelectorRequirement;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.PodSpec;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetSpec;
import io.rollbook.api.manifest.RollingUpdateDeployment;
import io.rollbook.api.value.IntOrPercent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ValidationTest {

    private static final String SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
            + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private static final String LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
            + "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private static final String PERCENT = "a valid percent string must be a numeric string followed by an ending "
            + "'%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";
    private static final String MISMATCH = "`selector` does not match template `labels`";
    private static final String RU = "spec.strategy.rollingUpdate.";

    private static PodTemplateSpec template(Map<String, String> labels, Container... containers) {
        return new PodTemplateSpec(ObjectMeta.named(null, null).withLabels(labels), PodSpec.of(containers));
    }

    /** A valid Deployment: 3 nginx replicas selected by app=nginx, everything else defaulted. */
    private static Deployment nginx(UnaryOperator<DeploymentSpec> change) {
        DeploymentSpec spec = DeploymentSpec.EMPTY.withReplicas(3)
                .withSelector(LabelSelector.matching(Map.of("app", "nginx")))
                .withTemplate(template(Map.of("app", "nginx"), Container.of("nginx", "nginx:1.14.2")));
        return Deployment.of(ObjectMeta.named(null, "nginx"), change.apply(spec));
    }

    private static Deployment named(String namespace, String name, String generateName) {
        ObjectMeta meta = new ObjectMeta(name, generateName, namespace, null, null, null, null, null, null, null,
                null, null);
        return nginx(s -> s).withMetadata(meta);
    }

    private static Deployment withContainers(Container... containers) {
        return nginx(s -> s.withTemplate(template(Map.of("app", "nginx"), containers)));
    }

    private static Deployment withPodField(String key, Object value) {
        PodSpec pod = new PodSpec(null, List.of(Container.of("nginx", "nginx")), Map.of(key, value));
        return nginx(s -> s.withTemplate(new PodTemplateSpec(template(Map.of("app", "nginx")).metadata(), pod)));
    }

    private static Deployment strategy(String type, RollingUpdateDeployment block) {
        return nginx(s -> s.withStrategy(new DeploymentStrategy(type, block)));
    }

    static Stream<Arguments> deployments() {
        String long254 = "a".repeat(254);
        Map<String, String> twoLabels = new LinkedHashMap<>();
        twoLabels.put("tier", "web");
        twoLabels.put("app", "nginx2");
        return Stream.of(
                arguments("valid", nginx(s -> s), List.of()),
                arguments("no name", named(null, null, null),
                        List.of("metadata.name: Required value: name or generateName is required")),
                arguments("name with _ and capitals", named(null, "Foo_bar", null),
                        List.of("metadata.name: Invalid value: \"Foo_bar\": " + SUBDOMAIN)),
                arguments("name of 253 characters", named(null, "a".repeat(253), null), List.of()),
                arguments("name of 254 characters", named(null, long254, null), List.of(
                        "metadata.name: Invalid value: \"" + long254 + "\": must be no more than 253 characters")),
                // a name may have dots: a subdomain, not a label
                arguments("dotted name", named(null, "nginx.v1", null), List.of()),
                // the name is generated from the prefix, so only the prefix is checked; a trailing '-' is fine
                arguments("generateName only", named(null, null, "nginx-"), List.of()),
                arguments("bad generateName", named(null, null, "Nginx-"),
                        List.of("metadata.generateName: Invalid value: \"Nginx-\": " + SUBDOMAIN)),
                arguments("namespace with capitals", named("Prod", "nginx", null),
                        List.of("metadata.namespace: Invalid value: \"Prod\": " + LABEL)),
                // a valid subdomain that is no label can only fail on its dots
                arguments("dotted namespace", named("a.b", "nginx", null),
                        List.of("metadata.namespace: Invalid value: \"a.b\": must not contain dots")),
                arguments("replicas -1", nginx(s -> s.withReplicas(-1)),
                        List.of("spec.replicas: Invalid value: -1: must be greater than or equal to 0")),
                arguments("replicas 0", nginx(s -> s.withReplicas(0)), List.of()),
                // a missing selector selects nothing, so the labels are reported too
                arguments("no selector", nginx(s -> s.withSelector(null)), List.of("spec.selector: Required value",
                        "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\"}: " + MISMATCH)),
                // an empty selector selects everything, so the labels are not reported
                arguments("empty selector", nginx(s -> s.withSelector(new LabelSelector(null, null))),
                        List.of("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
                                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment")),
                arguments("labels do not match", nginx(s -> s.withTemplate(template(Map.of("app", "nginx2"),
                                Container.of("nginx", "nginx")))),
                        List.of("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx2\"}: "
                                + MISMATCH)),
                // Go prints map keys sorted, whatever the written order
                arguments("labels printed sorted", nginx(s -> s.withTemplate(template(twoLabels,
                                Container.of("nginx", "nginx")))),
                        List.of("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx2\", "
                                + "\"tier\":\"web\"}: " + MISMATCH)),
                arguments("no labels", nginx(s -> s.withTemplate(template(null, Container.of("nginx", "nginx")))),
                        List.of("spec.template.metadata.labels: Invalid value: map[string]string(nil): " + MISMATCH)),
                arguments("expression selector", nginx(s -> s.withSelector(new LabelSelector(null, List.of(
                        new LabelSelectorRequirement("app", "In", List.of("nginx", "web")))))), List.of()),
                arguments("no template", nginx(s -> s.withTemplate(null)), List.of(
                        "spec.template.metadata.labels: Invalid value: map[string]string(nil): " + MISMATCH,
                        "spec.template.spec.containers: Required value")),
                arguments("no containers", withContainers(), List.of("spec.template.spec.containers: Required value")),
                arguments("container without name", withContainers(Container.of(null, "nginx")),
                        List.of("spec.template.spec.containers[0].name: Required value")),
                arguments("container name not a label", withContainers(Container.of("Nginx", "nginx")),
                        List.of("spec.template.spec.containers[0].name: Invalid value: \"Nginx\": " + LABEL)),
                arguments("container without image", withContainers(Container.of("nginx", null)),
                        List.of("spec.template.spec.containers[0].image: Required value")),
                arguments("container with empty image", withContainers(Container.of("nginx", "")),
                        List.of("spec.template.spec.containers[0].image: Required value")),
                arguments("duplicate container names", withContainers(Container.of("nginx", "a"),
                        Container.of("nginx", "b")), List.of("spec.template.spec.containers[1].name: Duplicate value: \"nginx\"")),
                // per container: name, image, then uniqueness
                arguments("container errors in order", withContainers(Container.of(null, null), Container.of(null, "b")),
                        List.of("spec.template.spec.containers[0].name: Required value",
                                "spec.template.spec.containers[0].image: Required value",
                                "spec.template.spec.containers[1].name: Required value",
                                "spec.template.spec.containers[1].name: Duplicate value: \"\"")),
                arguments("restartPolicy Always", withPodField("restartPolicy", "Always"), List.of()),
                arguments("restartPolicy Never", withPodField("restartPolicy", "Never"), List.of(
                        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"")),
                // not a restart policy at all: the pod spec rule fires before the ReplicaSet rule
                arguments("restartPolicy Sometimes", withPodField("restartPolicy", "Sometimes"), List.of(
                        "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: "
                                + "\"Always\", \"OnFailure\", \"Never\"",
                        "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\"")),
                arguments("other pod fields ignored", withPodField("dnsPolicy", "Default"), List.of()),
                arguments("Recreate", strategy("Recreate", null), List.of()),
                arguments("Recreate with a block", strategy("Recreate", new RollingUpdateDeployment(null, null)),
                        List.of("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'")),
                // upstream reports the whole internal strategy struct on spec.strategy, not spec.strategy.type
                arguments("unknown strategy", strategy("Foo", null), List.of("spec.strategy: Unsupported value: "
                        + "apps.DeploymentStrategy{Type:\"Foo\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: "
                        + "supported values: \"Recreate\", \"RollingUpdate\"")),
                arguments("minReadySeconds -1", nginx(s -> s.withMinReadySeconds(-1)),
                        List.of("spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0")),
                arguments("revisionHistoryLimit -1", nginx(s -> s.withRevisionHistoryLimit(-1)),
                        List.of("spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0")),
                arguments("revisionHistoryLimit 0", nginx(s -> s.withRevisionHistoryLimit(0)), List.of()),
                // -1 is also not greater than the defaulted minReadySeconds 0
                arguments("progressDeadlineSeconds -1", nginx(s -> s.withProgressDeadlineSeconds(-1)), List.of(
                        "spec.progressDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0",
                        "spec.progressDeadlineSeconds: Invalid value: -1: must be greater than minReadySeconds")),
                arguments("progressDeadlineSeconds = minReadySeconds", nginx(s -> s.withProgressDeadlineSeconds(5)
                        .withMinReadySeconds(5)), List.of(
                        "spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds")),
                arguments("progressDeadlineSeconds > minReadySeconds", nginx(s -> s.withProgressDeadlineSeconds(6)
                        .withMinReadySeconds(5)), List.of()),
                arguments("progressDeadlineSeconds MaxInt32", nginx(s -> s.withProgressDeadlineSeconds(
                        Integer.MAX_VALUE)), List.of()),
                // metadata, replicas, selector, template, strategy, minReadySeconds, history, deadline
                arguments("everything wrong, in upstream order", Deployment.of(ObjectMeta.named("default", "Bad"),
                        new DeploymentSpec(-1, null, template(null), new DeploymentStrategy("Foo", null), 7, -2,
                                null, 7)), List.of(
                        "metadata.name: Invalid value: \"Bad\": " + SUBDOMAIN,
                        "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                        "spec.selector: Required value",
                        "spec.template.metadata.labels: Invalid value: map[string]string(nil): " + MISMATCH,
                        "spec.template.spec.containers: Required value",
                        "spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"Foo\", "
                                + "RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\"",
                        "spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0",
                        "spec.progressDeadlineSeconds: Invalid value: 7: must be greater than minReadySeconds")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void deployments(String name, Deployment given, List<String> expected) {
        assertThat(Validation.validate(given)).extracting(FieldError::message).containsExactlyElementsOf(expected);
    }

    /** A quoted cell ("5") is a string value; anything else is read as the CLI reads it. */
    private static IntOrPercent value(String cell) {
        return cell.startsWith("\"") ? IntOrPercent.ofString(cell.substring(1, cell.length() - 1))
                : IntOrPercent.parse(cell);
    }

    @ParameterizedTest(name = "maxUnavailable {0}, maxSurge {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "0     | 0      | maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0",
            "0%    | 0      | maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when `maxSurge` is 0",
            "0     | 0%     | maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0",
            "00%   | 0%     | maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"00%\"}: may not be 0 when `maxSurge` is 0",
            "1%    | 1%     | none",   // raw values are not 0, although 1% of 3 scales to 0 unavailable
            "25%   | 200%   | none",   // maxSurge may exceed 100%
            "100%  | 0      | none",
            "101%  | 1      | maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"101%\"}: must not be greater than 100%",
            "5     | 1      | none",   // an int above replicas (3) is allowed, clamped at use time
            "-1    | 1      | maxUnavailable: Invalid value: -1: must be greater than or equal to 0",
            "1     | -1     | maxSurge: Invalid value: -1: must be greater than or equal to 0",
            "1     | abc    | maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: " + "PCT",
            // "abc" counts as 0 (Go's Atoi fails), so the both-zero rule fires as well
            "abc   | 0      | maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: PCT"
                    + " ## maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: may not be 0 when `maxSurge` is 0",
            // the string "5" is no percentage, but Atoi reads it as 5, so it is not 0
            "\"5\" | 0      | maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"5\"}: PCT",
            "-5%   | 1      | maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"-5%\"}: PCT",
    })
    void rollingUpdateValues(String maxUnavailable, String maxSurge, String expected) {
        Deployment d = strategy("RollingUpdate", new RollingUpdateDeployment(value(maxUnavailable), value(maxSurge)));
        List<String> want = expected == null ? List.of()
                : Arrays.stream(expected.split(" ## ")).map(e -> RU + e.replace("PCT", PERCENT)).toList();
        assertThat(Validation.validate(d)).extracting(FieldError::message).containsExactlyElementsOf(want);
    }

    private static ReplicaSet replicaSet(Integer replicas, Integer minReady, LabelSelector selector) {
        return ReplicaSet.of(ObjectMeta.named("default", "nginx-5d59d67564"), new ReplicaSetSpec(replicas, minReady,
                selector, template(Map.of("app", "nginx"), Container.of("nginx", "nginx"))));
    }

    static Stream<Arguments> replicaSets() {
        LabelSelector app = LabelSelector.matching(Map.of("app", "nginx"));
        return Stream.of(
                arguments("valid", replicaSet(3, null, app), List.of()),
                arguments("replicas -1", replicaSet(-1, null, app),
                        List.of("spec.replicas: Invalid value: -1: must be greater than or equal to 0")),
                // for a ReplicaSet minReadySeconds is checked before the selector
                arguments("minReadySeconds before selector", replicaSet(1, -1, null), List.of(
                        "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
                        "spec.selector: Required value",
                        "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\"}: " + MISMATCH)),
                arguments("empty selector", replicaSet(1, null, new LabelSelector(null, null)), List.of(
                        "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
                                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment")),
                arguments("selector not matching", replicaSet(1, null, LabelSelector.matching(Map.of("app", "web"))),
                        List.of("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\"}: " + MISMATCH)),
                arguments("no containers", replicaSet(1, null, app).withSpec(replicaSet(1, null, app).spec()
                        .withTemplate(template(Map.of("app", "nginx")))), List.of("spec.template.spec.containers: Required value")),
                arguments("bad name", replicaSet(1, null, app).withMetadata(ObjectMeta.named("default", "-x")),
                        List.of("metadata.name: Invalid value: \"-x\": " + SUBDOMAIN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void replicaSets(String name, ReplicaSet given, List<String> expected) {
        assertThat(Validation.validate(given)).extracting(FieldError::message).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0} is valid")
    @ValueSource(strings = {"nginx-deployment.yaml", "recreate-deployment.yaml", "myapp-deployment.yaml",
            "myapp-replicaset.yaml"})
    void seedManifestsAreValid(String file) throws IOException {
        List<KubeObject> objects = Manifests.parse(Files.readString(Path.of("../examples", file)));
        assertThat(objects).isNotEmpty().allSatisfy(o -> assertThat(o instanceof Deployment d
                ? Validation.validate(d) : Validation.validate((ReplicaSet) o)).isEmpty());
    }

    static Stream<Arguments> fieldErrors() {
        return Stream.of(
                arguments(FieldError.invalid("spec.replicas", -1, Validation.NEGATIVE),
                        "spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
                arguments(FieldError.required("spec.selector", ""), "spec.selector: Required value"),
                arguments(FieldError.forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy "
                        + "`type` is 'Recreate'"), "spec.strategy.rollingUpdate: Forbidden: may not be specified when "
                        + "strategy `type` is 'Recreate'"),
                arguments(FieldError.notSupported("spec.strategy.type", "Foo", List.of("Recreate", "RollingUpdate")),
                        "spec.strategy.type: Unsupported value: \"Foo\": supported values: \"Recreate\", \"RollingUpdate\""),
                arguments(FieldError.duplicate("x", "nginx"), "x: Duplicate value: \"nginx\""),
                arguments(FieldError.invalid("x", Map.of("b", "2", "a", "1"), "d"),
                        "x: Invalid value: map[string]string{\"a\":\"1\", \"b\":\"2\"}: d"),
                arguments(FieldError.invalid("x", Map.of(), "d"), "x: Invalid value: map[string]string{}: d"),
                arguments(FieldError.invalid("x", IntOrPercent.ofInt(0), "d"),
                        "x: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: d"),
                arguments(FieldError.invalid("x", 5L, "d"), "x: Invalid value: 5: d"),
                arguments(FieldError.invalid("x", true, ""), "x: Invalid value: true"),
                // an untyped Go nil becomes the string "null", which is then quoted
                arguments(FieldError.invalid("x", null, "d"), "x: Invalid value: \"null\": d"),
                // strconv.Quote: escapes for quotes, backslashes and control characters; printable unicode kept
                arguments(FieldError.invalid("x", "a\"b\\c\td\u0001é\u00a0", "d"),
                        "x: Invalid value: \"a\\\"b\\\\c\\td\\x01é\\u00a0\": d"),
                arguments(FieldError.invalid("x", new LabelSelector(Map.of("app", "a"), List.of(
                                new LabelSelectorRequirement("tier", "In", List.of("web")),
                                new LabelSelectorRequirement("x", "Exists", null))), "d"),
                        "x: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"a\"}, "
                                + "MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"tier\", "
                                + "Operator:\"In\", Values:[]string{\"web\"}}, v1.LabelSelectorRequirement{Key:\"x\", "
                                + "Operator:\"Exists\", Values:[]string(nil)}}}: d"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource
    void fieldErrors(FieldError error, String expected) {
        assertThat(error.message()).isEqualTo(expected);
        assertThat(error.toString()).isEqualTo(expected);
    }

    private static final FieldError NEG = FieldError.invalid("spec.replicas", -1, Validation.NEGATIVE);
    private static final FieldError SEL = FieldError.required("spec.selector", "");

    static Stream<Arguments> messages() {
        String neg = "spec.replicas: Invalid value: -1: must be greater than or equal to 0";
        return Stream.of(
                arguments("Deployment", List.of(NEG), "The Deployment \"nginx\" is invalid: " + neg,
                        "Deployment.apps \"nginx\" is invalid: " + neg),
                arguments("Deployment", List.of(NEG, SEL),
                        "The Deployment \"nginx\" is invalid: \n* " + neg + "\n* spec.selector: Required value",
                        "Deployment.apps \"nginx\" is invalid: [" + neg + ", spec.selector: Required value]"),
                // repeated texts are printed once, and one distinct error loses its brackets
                arguments("ReplicaSet", List.of(NEG, NEG), "The ReplicaSet \"nginx\" is invalid: " + neg,
                        "ReplicaSet.apps \"nginx\" is invalid: " + neg),
                arguments("Pod", List.of(), "The Pod \"nginx\" is invalid", "Pod \"nginx\" is invalid"));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource
    void messages(String kind, List<FieldError> errors, String kubectl, String apiServer) {
        assertThat(Validation.message(kind, "nginx", errors)).isEqualTo(kubectl);
        assertThat(Validation.apiServerMessage(kind, "nginx", errors)).isEqualTo(apiServer);
    }
}
