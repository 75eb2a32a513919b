package io.rollbook.api.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Pod-template equality as the API server sees it (apimachinery equality.Semantic.DeepEqual over
 * the Go types): two templates are equal when they decode to the same Go value, so what Go cannot
 * tell apart is equal here too. A template kubectl sends back after a round trip through Go structs
 * ({@code resources: {}}, {@code creationTimestamp: null}) equals the one written without them.
 *
 * <p>Equal to absent: {@code null}; an empty list; an empty map, and an empty object where the Go
 * field is a struct value rather than a pointer ({@code metadata}, {@code resources}: see
 * {@link #VALUE_OBJECTS}); an empty string; {@code false} and {@code 0} of the few fields that are
 * plain Go bools and ints ({@link #VALUE_BOOLS}, {@link #VALUE_INTS}). Not equal to absent: an
 * empty object where Go has a pointer ({@code securityContext: {}}, {@code emptyDir: {}}), and
 * {@code false} of a pointer bool ({@code automountServiceAccountToken: false}). Numbers compare by
 * value ({@code 30} and {@code 30.0} are one int64).
 */
public final class Semantic {

    /** Maps and struct values: empty is the Go zero value. */
    static final Set<String> VALUE_OBJECTS = Set.of("metadata", "spec", "labels", "annotations", "resources",
            "limits", "requests", "nodeSelector", "overhead", "creationTimestamp");
    /** Plain bools of v1 PodSpec, Container and VolumeMount. */
    static final Set<String> VALUE_BOOLS = Set.of("stdin", "stdinOnce", "tty", "hostNetwork", "hostPID", "hostIPC",
            "readOnly");
    /** Plain ints of v1 ContainerPort and Probe. */
    static final Set<String> VALUE_INTS = Set.of("hostPort", "initialDelaySeconds", "timeoutSeconds",
            "periodSeconds", "successThreshold", "failureThreshold");

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Semantic() {
    }

    /** Whether {@code a} and {@code b} are the same Go value; null is the empty template. */
    public static boolean equal(PodTemplateSpec a, PodTemplateSpec b) {
        if (a == b) {
            return true;
        }
        PodTemplateSpec x = a == null ? new PodTemplateSpec(null, null) : a;
        PodTemplateSpec y = b == null ? new PodTemplateSpec(null, null) : b;
        return x.equals(y) || normalized(Codec.toTree(x)).equals(normalized(Codec.toTree(y)));
    }

    /**
     * {@code node} with every value that equals absent left out (recursively), and whole numbers as
     * int64: the form in which semantically equal documents are equal JSON. Never modifies {@code node}.
     */
    public static JsonNode normalized(JsonNode node) {
        JsonNode n = normalize(null, node);
        return n == null ? F.objectNode() : n;
    }

    /** The normalized value of field {@code key}, or null when it equals absent. */
    private static JsonNode normalize(String key, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode out = F.objectNode();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = normalize(e.getKey(), e.getValue());
                if (v != null) {
                    out.set(e.getKey(), v);
                }
            }
            return out.isEmpty() && (key == null || VALUE_OBJECTS.contains(key)) ? null : out;
        }
        if (node.isArray()) {
            if (node.isEmpty()) {
                return null;
            }
            ArrayNode out = F.arrayNode();
            node.forEach(item -> {
                JsonNode v = normalize(null, item);
                out.add(v == null ? F.objectNode() : v);
            });
            return out;
        }
        if (node.isTextual()) {
            return node.asText().isEmpty() ? null : node;
        }
        if (node.isBoolean()) {
            return !node.asBoolean() && VALUE_BOOLS.contains(key) ? null : node;
        }
        if (node.isNumber()) {
            boolean whole = node.isIntegralNumber() || node.asDouble() == Math.rint(node.asDouble());
            if (whole && node.asLong() == 0 && VALUE_INTS.contains(key)) {
                return null;
            }
            return whole && node.canConvertToLong() ? F.numberNode(node.asLong()) : node;
        }
        return node;
    }
}
