package io.rollbook.api.codec;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/**
 * A document that cannot be bound to its kind, said as the API server says it: its decoder is Go's
 * {@code encoding/json}, and it answers {@code Deployment in version "v1" cannot be handled as a
 * Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type
 * int32}. The struct is the one holding the field, the path runs from the object's root through field
 * names only (no list indices, no map keys), the value is named by its JSON type (a number with its
 * literal), and the type is Go's (our records carry the Go struct names). Jackson's own words never
 * reach the user.
 */
public final class DecodeErrors {

    private DecodeErrors() {
    }

    private static final java.util.regex.Pattern OFFENDING = java.util.regex.Pattern.compile(
            "(?:character|token|marker) \\(?'(.)");

    /**
     * A text that is not JSON (or YAML) at all, as Go's decoders say it: {@code unexpected end of
     * JSON input}, {@code invalid character '<' looking for beginning of value}, {@code exceeded max
     * depth} for a document nested deeper than we read; YAML as the API server's YAML-to-JSON step
     * says it, {@code error converting YAML to JSON: yaml: line 2: did not find expected ',' or ']'}
     * (SnakeYAML's problem texts are libyaml's, which Go's YAML reader ports).
     */
    public static String syntax(com.fasterxml.jackson.core.JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException
                || e.getCause() instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
            return "exceeded max depth";
        }
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y) {
            String line = y.getProblemMark() == null ? "" : "line " + (y.getProblemMark().getLine() + 1) + ": ";
            return "error converting YAML to JSON: yaml: " + line + y.getProblem();
        }
        if (e instanceof com.fasterxml.jackson.core.io.JsonEOFException) {
            return "unexpected end of JSON input";
        }
        java.util.regex.Matcher m = OFFENDING.matcher(String.valueOf(e.getOriginalMessage()));
        if (m.find()) {
            return "invalid character '" + m.group(1) + "' looking for beginning of value";
        }
        return e.getLocation() != null && e.getLocation().getCharOffset() >= 0
                ? "invalid character at offset " + e.getLocation().getCharOffset() : "invalid JSON input";
    }

    static String describe(String apiVersion, String kind, JsonNode tree, JsonMappingException e) {
        String prefix = kind + " in version \"" + version(apiVersion) + "\" cannot be handled as a " + kind + ": ";
        if (e instanceof ValueInstantiationException v && e.getCause() != null && e.getCause().getMessage() != null
                && !readFromOneJsonValue(v.getType().getRawClass())) {
            return prefix + e.getCause().getMessage(); // our own record's refusal, already in our words
        }
        StringBuilder path = new StringBuilder();
        String struct = null;
        Type fieldType = null;
        JsonNode at = tree;
        for (JsonMappingException.Reference ref : e.getPath()) {
            Class<?> from = ref.getFrom() instanceof Class<?> c ? c : ref.getFrom() == null ? null : ref.getFrom().getClass();
            if (ref.getFieldName() != null && at != null) {
                at = at.get(ref.getFieldName());
            } else if (ref.getIndex() >= 0 && at != null) {
                at = at.get(ref.getIndex());
            }
            if (ref.getFieldName() == null || from == null || Map.class.isAssignableFrom(from)) {
                fieldType = element(fieldType); // a list index or a map key: the element's type
                continue;
            }
            path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            struct = from.getSimpleName();
            fieldType = componentType(from, ref.getFieldName());
        }
        String value = at == null ? "value" : jsonType(at);
        Type target = fieldType != null ? fieldType
                : e instanceof MismatchedInputException m ? m.getTargetType() : null;
        String type = goType(target);
        if (struct == null) {
            return prefix + "json: cannot unmarshal " + value + " into Go value of type " + type;
        }
        return prefix + "json: cannot unmarshal " + value + " into Go struct field " + struct + "." + path
                + " of type " + type;
    }

    /** A value type read from one JSON value (IntOrString): a value it refuses is a value of the wrong JSON type. */
    private static boolean readFromOneJsonValue(Class<?> type) {
        for (var m : type.getDeclaredMethods()) {
            var creator = m.getAnnotation(com.fasterxml.jackson.annotation.JsonCreator.class);
            if (creator != null && creator.mode() == com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING) {
                return true;
            }
        }
        return false;
    }

    /** {@code apps/v1} → {@code v1}: the API server names the version, not the group. */
    private static String version(String apiVersion) {
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    private static String jsonType(JsonNode node) {
        if (node.isNumber()) {
            return "number " + node.asText();
        }
        if (node.isTextual()) {
            return "string";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isObject()) {
            return "object";
        }
        return "value";
    }

    private static Type componentType(Class<?> record, String jsonName) {
        if (!record.isRecord()) {
            return null;
        }
        for (RecordComponent c : record.getRecordComponents()) {
            var property = c.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            String name = property != null && !property.value().isEmpty() ? property.value() : c.getName();
            if (name.equals(jsonName)) {
                return c.getGenericType();
            }
        }
        return null;
    }

    private static Type element(Type type) {
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            return args[args.length - 1]; // List<E> → E, Map<K, V> → V
        }
        return null;
    }

    /** Go's name of the type a value was decoded into. */
    private static String goType(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return "[]" + goType(args[0]);
            }
            if (Map.class.isAssignableFrom(raw)) {
                return "map[" + goType(args[0]) + "]" + goType(args[1]);
            }
        }
        if (!(type instanceof Class<?> c) || c == Object.class) {
            return "interface {}";
        }
        if (c == String.class) {
            return "string";
        }
        if (c == int.class || c == Integer.class) {
            return "int32";
        }
        if (c == long.class || c == Long.class) {
            return "int64";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "bool";
        }
        if (List.class.isAssignableFrom(c)) {
            return "[]interface {}";
        }
        if (Map.class.isAssignableFrom(c)) {
            return "map[string]interface {}";
        }
        return c.getSimpleName().equals("IntOrPercent") ? "intstr.IntOrString" : "v1." + c.getSimpleName();
    }
}
