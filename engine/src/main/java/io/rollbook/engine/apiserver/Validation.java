package io.rollbook.engine.apiserver;

import io.rollbook.api.canary.CanarySteps;
import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentSpec;
import io.rollbook.api.manifest.DeploymentStrategy;
import io.rollbook.api.manifest.LabelSelector;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.PodSpec;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.RollingUpdateDeployment;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.IntOrPercent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The API server's create-time validation of apps/v1 Deployments and ReplicaSets
 * (upstream {@code ValidateDeployment} / {@code ValidateReplicaSet}), with its exact texts and order.
 *
 * <p>Objects are validated after {@link Defaults} (applied here too, which is harmless because the
 * defaults are idempotent). Covered: metadata name/generateName/namespace, replicas, selector
 * (required, non-empty, matching the template labels), containers (required, names, images,
 * duplicates), restartPolicy, strategy, rollingUpdate values, minReadySeconds,
 * revisionHistoryLimit and progressDeadlineSeconds, label and annotation keys and values (of the
 * object and of its template). Not covered: selector expression syntax, init containers and the rest of the pod spec.
 */
public final class Validation {

    static final String NEGATIVE = "must be greater than or equal to 0";
    private static final String LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN_FMT = LABEL_FMT + "(\\." + LABEL_FMT + ")*";
    private static final String PERCENT_FMT = "[0-9]+%";
    private static final Pattern LABEL = Pattern.compile(LABEL_FMT);
    private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_FMT);
    private static final Pattern PERCENT = Pattern.compile(PERCENT_FMT);
    private static final Pattern GO_INT = Pattern.compile("[+-]?[0-9]+");
    private static final String LABEL_MSG = regexError("a lowercase RFC 1123 label must consist of lower case "
            + "alphanumeric characters or '-', and must start and end with an alphanumeric character", LABEL_FMT,
            "my-name", "123-abc");
    private static final String SUBDOMAIN_MSG = regexError("a lowercase RFC 1123 subdomain must consist of lower "
            + "case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            SUBDOMAIN_FMT, "example.com");
    private static final String PERCENT_MSG = regexError("a valid percent string must be a numeric string followed "
            + "by an ending '%'", PERCENT_FMT, "1%", "93%");
    private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character";
    private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FMT);
    private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
    /** apimachinery's TotalAnnotationSizeLimitB: keys and values of one object's annotations together. */
    static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
    private static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");

    /** The rules of {@code rollbook.io/on-progress-deadline} (engine.controllers.ProgressDeadlinePolicy). */
    static final List<String> ON_PROGRESS_DEADLINE = List.of("notify", "pause", "rollback");

    private Validation() {
    }

    /**
     * {@code ValidateDeployment} with {@code ValidateDeploymentSpec}: the errors of a Deployment in
     * the API server's order; empty when it would be accepted.
     */
    public static List<FieldError> validate(Deployment deployment) {
        Deployment d = Defaults.apply(deployment);
        DeploymentSpec spec = d.spec();
        List<FieldError> errs = new ArrayList<>();
        objectMeta(d.metadata(), errs);
        nonNegative(spec.replicas(), "spec.replicas", errs);
        selectorAndTemplate(spec.selector(), spec.template(), errs);
        strategy(spec.strategy(), errs);
        nonNegative(spec.minReadySeconds(), "spec.minReadySeconds", errs);
        nonNegative(spec.revisionHistoryLimit(), "spec.revisionHistoryLimit", errs);
        int deadline = spec.progressDeadlineSeconds();
        nonNegative(deadline, "spec.progressDeadlineSeconds", errs);
        if (deadline <= spec.minReadySeconds()) { // MaxInt32 ("no deadline") is compared like any other value
            errs.add(FieldError.invalid("spec.progressDeadlineSeconds", deadline,
                    "must be greater than minReadySeconds"));
        }
        onProgressDeadline(d.metadata().annotation(WellKnown.ON_PROGRESS_DEADLINE_ANNOTATION), errs);
        canarySteps(d, errs);
        return List.copyOf(errs);
    }

    /** Rollbook's annotation {@code rollbook.io/on-progress-deadline}: one of its three rules, or absent. */
    private static void onProgressDeadline(String value, List<FieldError> errs) {
        if (value != null && !ON_PROGRESS_DEADLINE.contains(value)) {
            errs.add(FieldError.notSupported("metadata.annotations[" + WellKnown.ON_PROGRESS_DEADLINE_ANNOTATION + "]",
                    value, ON_PROGRESS_DEADLINE));
        }
    }

    /**
     * Rollbook's annotation {@code rollbook.io/canary-steps}: a list of steps {@link CanarySteps} reads,
     * on a RollingUpdate Deployment only.
     */
    private static void canarySteps(Deployment d, List<FieldError> errs) {
        String value = d.metadata().annotation(WellKnown.CANARY_STEPS_ANNOTATION);
        if (value == null) {
            return;
        }
        String field = "metadata.annotations[" + WellKnown.CANARY_STEPS_ANNOTATION + "]";
        try {
            CanarySteps.parse(value);
        } catch (IllegalArgumentException e) {
            errs.add(FieldError.invalid(field, value, e.getMessage()));
            return;
        }
        if (d.spec().strategy() == null || !d.spec().strategy().isRollingUpdate()) {
            errs.add(FieldError.invalid(field, value, "canary steps need spec.strategy.type RollingUpdate"));
        }
    }

    /** The errors of a ReplicaSet in the API server's order: minReadySeconds comes before the selector here. */
    public static List<FieldError> validate(ReplicaSet replicaSet) {
        ReplicaSet rs = Defaults.apply(replicaSet);
        List<FieldError> errs = new ArrayList<>();
        objectMeta(rs.metadata(), errs);
        nonNegative(rs.spec().replicas(), "spec.replicas", errs);
        nonNegative(rs.spec().minReadySeconds(), "spec.minReadySeconds", errs);
        selectorAndTemplate(rs.spec().selector(), rs.spec().template(), errs);
        return List.copyOf(errs);
    }

    /**
     * The part of {@code ValidateDeploymentUpdate} / {@code ValidateReplicaSetUpdate} that applies
     * here: apps/v1 selectors are immutable ({@code ValidateImmutableField}). Empty when unchanged.
     */
    public static List<FieldError> validateSelectorUpdate(LabelSelector was, LabelSelector now) {
        if (Objects.equals(was, now)) {
            return List.of();
        }
        String literal = "v1.LabelSelector{MatchLabels:" + FieldError.goStringMap(now.matchLabels())
                + ", MatchExpressions:[]v1.LabelSelectorRequirement(nil)}";
        return List.of(FieldError.invalid("spec.selector", new FieldError.GoLiteral(literal), "field is immutable"));
    }

    /** The scale subresource's check ({@code ValidateScale}): spec.replicas may not be negative. */
    public static List<FieldError> validateScale(int replicas) {
        return replicas < 0 ? List.of(FieldError.invalid("spec.replicas", replicas, NEGATIVE)) : List.of();
    }

    /**
     * kubectl's rendering of a 422 Invalid: {@code The Deployment "nginx" is invalid: <error>} for one
     * error, and for several the prefix followed by {@code \n* <error>} per error (kubectl keeps the
     * space after the colon and ends with a newline, which is left to the printer). Repeated texts
     * are printed once.
     */
    public static String message(String kind, String name, List<FieldError> errors) {
        String prefix = "The " + kind + " " + FieldError.goQuote(name) + " is invalid";
        List<String> texts = distinct(errors);
        if (texts.isEmpty()) {
            return prefix;
        }
        if (texts.size() == 1) {
            return prefix + ": " + texts.get(0);
        }
        StringBuilder b = new StringBuilder(prefix).append(": ");
        texts.forEach(t -> b.append("\n* ").append(t));
        return b.toString();
    }

    /**
     * The API server's {@code Status.message}: {@code Deployment.apps "nginx" is invalid: [e1, e2]},
     * without brackets for a single error and without the colon for none. Kinds of the apps group
     * are qualified with {@code .apps}; a kind that already has a group is used as given.
     */
    public static String apiServerMessage(String kind, String name, List<FieldError> errors) {
        String prefix = qualified(kind) + " " + FieldError.goQuote(name) + " is invalid";
        List<String> texts = distinct(errors);
        return switch (texts.size()) {
            case 0 -> prefix;
            case 1 -> prefix + ": " + texts.get(0);
            default -> prefix + ": [" + String.join(", ", texts) + "]";
        };
    }

    private static String qualified(String kind) {
        boolean apps = Set.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ControllerRevision")
                .contains(kind);
        return apps ? kind + ".apps" : kind;
    }

    private static List<String> distinct(List<FieldError> errors) {
        Set<String> texts = new LinkedHashSet<>();
        errors.forEach(e -> texts.add(e.message()));
        return List.copyOf(texts);
    }

    /** {@code ValidateObjectMeta}: generateName, then name (unless one will be generated), then namespace. */
    private static void objectMeta(ObjectMeta meta, List<FieldError> errs) {
        String generateName = meta.generateName();
        boolean generated = generateName != null && !generateName.isEmpty();
        if (generated) {
            dnsSubdomain(maskTrailingDash(generateName))
                    .forEach(msg -> errs.add(FieldError.invalid("metadata.generateName", generateName, msg)));
        }
        if (meta.name() == null || meta.name().isEmpty()) {
            if (!generated) {
                errs.add(FieldError.required("metadata.name", "name or generateName is required"));
            }
        } else {
            dnsSubdomain(meta.name()).forEach(msg -> errs.add(FieldError.invalid("metadata.name", meta.name(), msg)));
        }
        if (meta.namespace() == null || meta.namespace().isEmpty()) {
            errs.add(FieldError.required("metadata.namespace", ""));
        } else {
            dnsLabel(meta.namespace())
                    .forEach(msg -> errs.add(FieldError.invalid("metadata.namespace", meta.namespace(), msg)));
        }
        labels(meta.labels(), "metadata.labels", errs);
        annotations(meta.annotations(), "metadata.annotations", errs);
    }

    /**
     * {@code ValidateLabels}: every key a qualified name, every value a label value, each error on
     * the map's path. Go walks the map in random order; here the keys are sorted.
     */
    static void labels(Map<String, String> labels, String path, List<FieldError> errs) {
        if (labels == null) {
            return;
        }
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            qualifiedName(e.getKey()).forEach(msg -> errs.add(FieldError.invalid(path, e.getKey(), msg)));
            String value = e.getValue() == null ? "" : e.getValue();
            labelValue(value).forEach(msg -> errs.add(FieldError.invalid(path, value, msg)));
        }
    }

    /**
     * {@code ValidateAnnotations}: every key a qualified name once lower-cased (case does not matter
     * there), then the total size of keys and values at most 256 KiB.
     */
    static void annotations(Map<String, String> annotations, String path, List<FieldError> errs) {
        if (annotations == null) {
            return;
        }
        long size = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
            qualifiedName(e.getKey().toLowerCase(java.util.Locale.ROOT))
                    .forEach(msg -> errs.add(FieldError.invalid(path, e.getKey(), msg)));
            size += bytes(e.getKey()) + bytes(e.getValue());
        }
        if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
            errs.add(FieldError.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
        }
    }

    private static long bytes(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** {@code IsQualifiedName}: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
    public static List<String> qualifiedName(String value) {
        List<String> msgs = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                msgs.add("prefix part must be non-empty");
            } else {
                dnsSubdomain(prefix).forEach(msg -> msgs.add("prefix part " + msg));
            }
        } else {
            msgs.add("a qualified name " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name",
                    "123-abc") + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return msgs;
        }
        if (name.isEmpty()) {
            msgs.add("name part must be non-empty");
        } else if (name.getBytes(StandardCharsets.UTF_8).length > 63) {
            msgs.add("name part must be no more than 63 characters");
        }
        if (!QUALIFIED_NAME.matcher(name).matches()) {
            msgs.add("name part " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
        }
        return msgs;
    }

    /** {@code IsValidLabelValue}: empty, or at most 63 characters of a qualified name's form. */
    public static List<String> labelValue(String value) {
        List<String> msgs = new ArrayList<>();
        if (value.getBytes(StandardCharsets.UTF_8).length > 63) {
            msgs.add("must be no more than 63 characters");
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            msgs.add(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', "
                    + "'_' or '.', and must start and end with an alphanumeric character", LABEL_VALUE_FMT,
                    "MyValue", "my_value", "12345"));
        }
        return msgs;
    }

    /**
     * The selector checks and {@code ValidatePodTemplateSpecForReplicaSet}. A missing selector selects
     * nothing, so the template labels are reported as well; an empty one selects everything, so they
     * are not.
     */
    private static void selectorAndTemplate(LabelSelector selector, PodTemplateSpec template, List<FieldError> errs) {
        if (selector == null) {
            errs.add(FieldError.required("spec.selector", ""));
        } else if (selector.isEmpty()) {
            errs.add(FieldError.invalid("spec.selector", selector, "empty selector is invalid for deployment"));
        }
        PodTemplateSpec t = template == null ? new PodTemplateSpec(null, null) : template;
        boolean selectsAll = selector != null && selector.isEmpty();
        if (!selectsAll && (selector == null || !selector.matches(t.metadata().labels()))) {
            errs.add(FieldError.invalid("spec.template.metadata.labels",
                    new FieldError.GoLiteral(FieldError.goStringMap(t.metadata().labels())),
                    "`selector` does not match template `labels`"));
        }
        labels(t.metadata().labels(), "spec.template.labels", errs); // ValidatePodTemplateSpec's paths
        annotations(t.metadata().annotations(), "spec.template.annotations", errs);
        containers(t.spec().containers(), errs);
        restartPolicy(t.spec(), errs);
    }

    /** {@code validateContainers}: per container the name, the image, then uniqueness of the name. */
    private static void containers(List<Container> containers, List<FieldError> errs) {
        String path = "spec.template.spec.containers";
        if (containers.isEmpty()) {
            errs.add(FieldError.required(path, ""));
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            String at = path + "[" + i + "]";
            String name = c.name() == null ? "" : c.name();
            if (name.isEmpty()) {
                errs.add(FieldError.required(at + ".name", ""));
            } else {
                dnsLabel(name).forEach(msg -> errs.add(FieldError.invalid(at + ".name", name, msg)));
            }
            if (c.image() == null || c.image().isEmpty()) {
                errs.add(FieldError.required(at + ".image", ""));
            }
            if (!names.add(name)) {
                errs.add(FieldError.duplicate(at + ".name", name));
            }
        }
    }

    /**
     * An unset restartPolicy is defaulted to Always. Any other value fails the ReplicaSet rule
     * (pods of a controller must restart); a value that is not a restart policy at all fails the
     * pod spec rule first.
     */
    private static void restartPolicy(PodSpec spec, List<FieldError> errs) {
        Object raw = spec.field("restartPolicy");
        String policy = raw == null ? "" : raw.toString();
        if (policy.isEmpty() || policy.equals("Always")) {
            return;
        }
        String path = "spec.template.spec.restartPolicy";
        if (!RESTART_POLICIES.contains(policy)) {
            errs.add(FieldError.notSupported(path, policy, RESTART_POLICIES));
        }
        errs.add(FieldError.notSupported(path, policy, List.of("Always")));
    }

    /** {@code ValidateDeploymentStrategy}: an unknown type is reported with the whole strategy struct. */
    private static void strategy(DeploymentStrategy strategy, List<FieldError> errs) {
        if (strategy.isRecreate()) {
            if (strategy.rollingUpdate() != null) {
                errs.add(FieldError.forbidden("spec.strategy.rollingUpdate",
                        "may not be specified when strategy `type` is 'Recreate'"));
            }
        } else if (strategy.isRollingUpdate()) {
            if (strategy.rollingUpdate() == null) {
                errs.add(FieldError.required("spec.strategy.rollingUpdate",
                        "this should be defaulted and never be nil"));
            } else {
                rollingUpdate(strategy.rollingUpdate(), errs);
            }
        } else {
            errs.add(FieldError.notSupported("spec.strategy", strategy,
                    List.of(DeploymentStrategy.RECREATE, DeploymentStrategy.ROLLING_UPDATE)));
        }
    }

    /** {@code ValidateRollingUpdateDeployment}; both values are set after defaulting. */
    private static void rollingUpdate(RollingUpdateDeployment ru, List<FieldError> errs) {
        String path = "spec.strategy.rollingUpdate";
        intOrPercent(ru.maxUnavailable(), path + ".maxUnavailable", errs);
        intOrPercent(ru.maxSurge(), path + ".maxSurge", errs);
        if (isZero(ru.maxUnavailable()) && isZero(ru.maxSurge())) {
            // raw values, not scaled: "1%"/"1%" of 10 replicas scales to 1/0 and passes
            errs.add(FieldError.invalid(path + ".maxUnavailable", ru.maxUnavailable(),
                    "may not be 0 when `maxSurge` is 0"));
        }
        IntOrPercent mu = ru.maxUnavailable();
        if (!mu.isInt() && PERCENT.matcher(mu.stringValue()).matches() && exceeds100(mu.stringValue())) {
            errs.add(FieldError.invalid(path + ".maxUnavailable", mu, "must not be greater than 100%"));
        }
    }

    /** {@code ValidatePositiveIntOrPercent}: a non-negative int, or a string matching {@code [0-9]+%}. */
    private static void intOrPercent(IntOrPercent value, String path, List<FieldError> errs) {
        if (value.isInt()) {
            nonNegative(value.intValue(), path, errs);
        } else if (!PERCENT.matcher(value.stringValue()).matches()) {
            errs.add(FieldError.invalid(path, value, PERCENT_MSG));
        }
    }

    /**
     * Upstream's {@code getIntOrPercentValue(v) == 0}: a valid percent's number, otherwise
     * {@code IntValue()}, whose Atoi turns a string that is not a number (e.g. "abc") into 0.
     */
    static boolean isZero(IntOrPercent value) {
        if (value.isInt()) {
            return value.intValue() == 0;
        }
        String s = value.stringValue();
        String number = PERCENT.matcher(s).matches() ? s.substring(0, s.length() - 1) : s;
        if (!GO_INT.matcher(number).matches()) {
            return true; // Atoi fails and yields 0
        }
        return number.replaceFirst("^[+-]", "").chars().allMatch(ch -> ch == '0');
    }

    /** The negation of {@code IsNotMoreThan100Percent} for a valid percent string. */
    private static boolean exceeds100(String percent) {
        String digits = percent.substring(0, percent.length() - 1).replaceFirst("^0+(?=.)", "");
        return digits.length() > 3 || Integer.parseInt(digits) > 100;
    }

    private static void nonNegative(Integer value, String path, List<FieldError> errs) {
        if (value != null && value < 0) {
            errs.add(FieldError.invalid(path, value, NEGATIVE));
        }
    }

    /** {@code IsDNS1123Subdomain}: the length rule (in bytes), then the pattern. */
    public static List<String> dnsSubdomain(String value) {
        List<String> msgs = new ArrayList<>();
        if (value.getBytes(StandardCharsets.UTF_8).length > 253) {
            msgs.add("must be no more than 253 characters");
        }
        if (!SUBDOMAIN.matcher(value).matches()) {
            msgs.add(SUBDOMAIN_MSG);
        }
        return msgs;
    }

    /** {@code IsDNS1123Label}; a valid subdomain that is not a label can only be failing on its dots. */
    public static List<String> dnsLabel(String value) {
        List<String> msgs = new ArrayList<>();
        if (value.getBytes(StandardCharsets.UTF_8).length > 63) {
            msgs.add("must be no more than 63 characters");
        }
        if (!LABEL.matcher(value).matches()) {
            msgs.add(SUBDOMAIN.matcher(value).matches() ? "must not contain dots" : LABEL_MSG);
        }
        return msgs;
    }

    /** apimachinery's maskTrailingDash, including its quirk of dropping two characters for one. */
    private static String maskTrailingDash(String name) {
        return name.length() > 1 && name.endsWith("-") ? name.substring(0, name.length() - 2) + "a" : name;
    }

    /** apimachinery's RegexError, including the double space its loop leaves before " or ". */
    private static String regexError(String msg, String fmt, String... examples) {
        StringBuilder b = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                b.append(" or ");
            }
            b.append('\'').append(examples[i]).append("', ");
        }
        return b.append("regex used for validation is '").append(fmt).append("')").toString();
    }
}
