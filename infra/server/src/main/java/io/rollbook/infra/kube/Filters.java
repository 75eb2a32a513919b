package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.infra.kube.Snapshot.Key;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * LIST and WATCH filters: resource, namespace, {@code labelSelector} ({@code k=v}, {@code k==v},
 * {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k}, {@code !k}) and
 * {@code fieldSelector} ({@code =}, {@code ==}, {@code !=} on dotted paths into the object, such as
 * {@code metadata.name} or {@code involvedObject.uid}, among the fields the kind makes selectable).
 */
final class Filters {

    private Filters() {
    }

    static Predicate<Map.Entry<Key, ObjectNode>> of(Resource resource, String namespace, String labelSelector,
                                                    String fieldSelector) {
        Predicate<ObjectNode> labels = labels(labelSelector);
        Predicate<ObjectNode> fields = fields(resource, fieldSelector);
        return e -> e.getKey().resource() == resource
                && (namespace == null || namespace.equals(e.getKey().namespace()))
                && labels.test(e.getValue()) && fields.test(e.getValue());
    }

    static Predicate<ObjectNode> labels(String selector) {
        Predicate<ObjectNode> all = o -> true;
        for (String term : terms(selector)) {
            Predicate<JsonNode> t = labelTerm(term.trim());
            all = all.and(o -> t.test(o.path("metadata").path("labels")));
        }
        return all;
    }

    private static Predicate<JsonNode> labelTerm(String term) {
        String[] in = term.split("\\s+(?=(in|notin)\\s*\\()", 2);
        if (in.length == 2) {
            String key = labelKey(in[0].trim());
            boolean negate = in[1].startsWith("notin");
            if (!in[1].trim().endsWith(")")) {
                throw unparsable("found '', expected: ',' or ')'");
            }
            Set<String> values = Set.of(in[1].substring(in[1].indexOf('(') + 1, in[1].lastIndexOf(')'))
                    .trim().split("\\s*,\\s*"));
            values.forEach(v -> labelValue(key, v));
            return l -> (l.has(key) && values.contains(l.get(key).asText())) != negate;
        }
        if (term.startsWith("!")) {
            String key = labelKey(term.substring(1).trim());
            return l -> !l.has(key);
        }
        String[] op = operator(term);
        if (op == null) {
            labelKey(term);
            return l -> l.has(term);
        }
        labelKey(op[0]);
        labelValue(op[0], op[2]);
        return l -> {
            String value = l.has(op[0]) ? l.get(op[0]).asText() : null;
            return op[1].equals("!=") ? !op[2].equals(value) : op[2].equals(value);
        };
    }

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile(
            "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final java.util.regex.Pattern PREFIX = java.util.regex.Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** A label key as the API server's selector parser takes it: {@code [prefix/]name}, the name at most 63 characters. */
    private static String labelKey(String key) {
        if (key.isEmpty() || key.startsWith("=") || key.startsWith("!")) {
            throw unparsable("found '" + (key.isEmpty() ? "" : key.substring(0, 1)) + "', expected: !, identifier,"
                    + " or 'end of string'");
        }
        int slash = key.lastIndexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        String prefix = slash < 0 ? null : key.substring(0, slash);
        if (name.length() > 63 || !NAME.matcher(name).matches()
                || prefix != null && (prefix.length() > 253 || !PREFIX.matcher(prefix).matches())) {
            throw unparsable("key: Invalid value: \"" + key + "\": name part must consist of alphanumeric characters,"
                    + " '-', '_' or '.', and must start and end with an alphanumeric character, and be at most 63"
                    + " characters (with an optional DNS subdomain prefix and '/')");
        }
        return key;
    }

    /** A label value: empty, or at most 63 characters of alphanumerics, '-', '_' and '.' between alphanumerics. */
    private static void labelValue(String key, String value) {
        if (value.length() > 63) {
            throw unparsable("values[0][" + key + "]: Invalid value: \"" + value + "\": must be no more than 63"
                    + " characters");
        }
        if (!value.isEmpty() && !NAME.matcher(value).matches()) {
            throw unparsable("values[0][" + key + "]: Invalid value: \"" + value + "\": a valid label must be an"
                    + " empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end"
                    + " with an alphanumeric character");
        }
    }

    private static KubeStatus unparsable(String why) {
        return KubeStatus.badRequest("unable to parse requirement: " + why);
    }

    /** Every kind's selectable fields, as the API server's default field label conversion. */
    private static final Set<String> META = Set.of("metadata.name", "metadata.namespace");

    /**
     * The fields each kind's strategy makes selectable (the API server's {@code ...ToSelectableFields}
     * and field label conversion funcs): pods' {@code PodToSelectableFields}, events'
     * {@code ToSelectableFields}, ReplicaSets' {@code status.replicas}, namespaces' {@code status.phase};
     * a Deployment has only the metadata ones.
     */
    private static final Map<Resource, Set<String>> SELECTABLE = Map.of(
            Resource.DEPLOYMENTS, META,
            Resource.REPLICASETS, Set.of("metadata.name", "metadata.namespace", "status.replicas"),
            Resource.PODS, Set.of("metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy",
                    "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP",
                    "status.podIPs", "status.nominatedNodeName"),
            Resource.NAMESPACES, Set.of("metadata.name", "status.phase"),
            Resource.EVENTS, Set.of("metadata.name", "metadata.namespace", "involvedObject.kind",
                    "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
                    "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent",
                    "source", "type"));

    /**
     * @throws KubeStatus 400 {@code field label not supported: spec.replicas} for a field the kind
     *                    does not make selectable, as the API server answers it
     */
    static Predicate<ObjectNode> fields(Resource resource, String selector) {
        Predicate<ObjectNode> all = o -> true;
        for (String term : terms(selector)) {
            String[] op = operator(term.trim());
            if (op == null) {
                throw KubeStatus.badRequest("invalid field selector: " + term);
            }
            if (!SELECTABLE.getOrDefault(resource, META).contains(op[0])) {
                throw KubeStatus.badRequest("field label not supported: " + op[0]);
            }
            all = all.and(o -> {
                JsonNode n = o;
                // an Event's "source" is its source.component, as upstream's selectable fields have it
                String path = resource == Resource.EVENTS && op[0].equals("source") ? "source.component" : op[0];
                for (String part : path.split("\\.")) {
                    n = n.path(part);
                }
                String value = n.isMissingNode() || n.isNull() ? "" : n.asText();
                return op[1].equals("!=") != op[2].equals(value);
            });
        }
        return all;
    }

    /** {@code [key, op, value]} for {@code =}, {@code ==} and {@code !=}, or null. */
    private static String[] operator(String term) {
        for (String op : List.of("!=", "==", "=")) {
            int i = term.indexOf(op);
            if (i > 0) {
                return new String[]{term.substring(0, i).trim(), op, term.substring(i + op.length()).trim()};
            }
        }
        return null;
    }

    /** Splits on commas outside parentheses. */
    private static List<String> terms(String selector) {
        List<String> out = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return out;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                out.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        out.add(selector.substring(start));
        out.removeIf(String::isBlank);
        return out;
    }
}
