package io.rollbook.api.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * Kubernetes' {@code IntOrString} as used by maxSurge and maxUnavailable: either an integer
 * ({@code 1}) or a string, normally a percentage ({@code "25%"}).
 *
 * <p>Holds what was written, without judging it: a string that is not a valid percentage is kept
 * so that validation can report it with the API server's words, and so that a snapshot can be
 * planned without re-validating it.
 */
public record IntOrPercent(Integer intValue, String stringValue) {

    public IntOrPercent {
        if ((intValue == null) == (stringValue == null)) {
            throw new IllegalArgumentException("exactly one of intValue and stringValue must be set");
        }
    }

    public static IntOrPercent ofInt(int value) {
        return new IntOrPercent(value, null);
    }

    public static IntOrPercent ofString(String value) {
        return new IntOrPercent(null, Objects.requireNonNull(value, "value"));
    }

    /** Parses the JSON form: a number or a string. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static IntOrPercent fromJson(JsonNode node) {
        if (node.isIntegralNumber()) {
            if (!node.canConvertToInt()) {
                throw new IllegalArgumentException("int-or-string value " + node.asText() + " does not fit in int32");
            }
            return ofInt(node.intValue());
        }
        if (node.isTextual()) {
            return ofString(node.textValue());
        }
        throw new IllegalArgumentException("expected an integer or a string, got " + node.getNodeType().name().toLowerCase());
    }

    /** Parses the command-line form: digits are an int, anything else is a string. */
    public static IntOrPercent parse(String text) {
        if (isInt(text)) {
            try {
                return ofInt(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                return ofString(text); // 10 digits past int32
            }
        }
        return ofString(text);
    }

    /** An optional minus, then 1 to 10 ASCII digits. */
    private static boolean isInt(String text) {
        int from = text.startsWith("-") ? 1 : 0;
        int length = text.length() - from;
        if (length < 1 || length > 10) {
            return false;
        }
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    public boolean isInt() {
        return intValue != null;
    }

    @JsonValue
    public Object jsonValue() {
        return isInt() ? intValue : stringValue;
    }

    /** Go's {@code %#v} rendering, which the API server prints in "Invalid value:" messages. */
    public String goSyntax() {
        return isInt()
                ? "intstr.IntOrString{Type:0, IntVal:" + intValue + ", StrVal:\"\"}"
                : "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"" + stringValue + "\"}";
    }

    @Override
    public String toString() {
        return String.valueOf(jsonValue());
    }
}
