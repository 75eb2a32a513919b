package io.rollbook.engine.apiserver;

import io.rollbook.api.manifest.DeploymentStrategy;
import io.rollbook.api.manifest.LabelSelector;
import io.rollbook.api.manifest.LabelSelectorRequirement;
import io.rollbook.api.value.IntOrPercent;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One field-level validation error, as the API server's {@code field.Error} renders it, for example
 * {@code spec.replicas: Invalid value: -1: must be greater than or equal to 0}.
 *
 * <p>{@code type} is the machine-readable cause ({@code FieldValueInvalid}, ...) that a Status cause
 * carries as its reason. {@code value} is the bad value already rendered the way Go prints it
 * (see {@link #goValue(Object)}); it is null for the types that print no value (Required, Forbidden,
 * TooLong, Internal). {@code detail} may be empty.
 */
public record FieldError(String type, String field, String detail, String value) {

    public static final String NOT_FOUND = "FieldValueNotFound";
    public static final String REQUIRED = "FieldValueRequired";
    public static final String DUPLICATE = "FieldValueDuplicate";
    public static final String INVALID = "FieldValueInvalid";
    public static final String NOT_SUPPORTED = "FieldValueNotSupported";
    public static final String FORBIDDEN = "FieldValueForbidden";
    public static final String TOO_LONG = "FieldValueTooLong";
    public static final String TOO_MANY = "FieldValueTooMany";
    public static final String INTERNAL = "InternalError";

    private static final Map<String, String> TEXT = Map.of(NOT_FOUND, "Not found", REQUIRED, "Required value",
            DUPLICATE, "Duplicate value", INVALID, "Invalid value", NOT_SUPPORTED, "Unsupported value",
            FORBIDDEN, "Forbidden", TOO_LONG, "Too long", TOO_MANY, "Too many", INTERNAL, "Internal error");

    /** The types whose text never shows the bad value. */
    private static final Set<String> VALUELESS = Set.of(REQUIRED, FORBIDDEN, TOO_LONG, INTERNAL);

    public FieldError {
        Objects.requireNonNull(field, "field");
        if (!TEXT.containsKey(type)) {
            throw new IllegalArgumentException("unknown field error type " + type);
        }
        if (!VALUELESS.contains(type) && value == null) {
            throw new IllegalArgumentException(type + " needs a rendered value");
        }
        detail = detail == null ? "" : detail;
        value = VALUELESS.contains(type) ? null : value;
    }

    /** A bad value that is already written in Go syntax, e.g. {@code map[string]string(nil)}. */
    public record GoLiteral(String text) {
        public GoLiteral {
            Objects.requireNonNull(text, "text");
        }
    }

    public static FieldError required(String field, String detail) {
        return new FieldError(REQUIRED, field, detail, null);
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(FORBIDDEN, field, detail, null);
    }

    public static FieldError invalid(String field, Object badValue, String detail) {
        return new FieldError(INVALID, field, detail, goValue(badValue));
    }

    /** Go's {@code field.TooLong} with an unknown value: {@code Too long: must have at most N bytes}. */
    public static FieldError tooLong(String field, int maxBytes) {
        return new FieldError(TOO_LONG, field, "must have at most " + maxBytes + " bytes", null);
    }

    public static FieldError duplicate(String field, Object badValue) {
        return new FieldError(DUPLICATE, field, "", goValue(badValue));
    }

    /** Go's {@code field.NotSupported}: the detail lists the quoted supported values in the given order. */
    public static FieldError notSupported(String field, Object badValue, List<String> supported) {
        String detail = supported.isEmpty() ? ""
                : "supported values: " + supported.stream().map(FieldError::goQuote).collect(Collectors.joining(", "));
        return new FieldError(NOT_SUPPORTED, field, detail, goValue(badValue));
    }

    /** Go's {@code ErrorBody()}: the text without the field, e.g. {@code Required value}. */
    public String body() {
        String s = TEXT.get(type);
        if (value != null) {
            s += ": " + value;
        }
        return detail.isEmpty() ? s : s + ": " + detail;
    }

    /** Go's {@code Error()}: {@code <field>: <body>}, the text kubectl and the API server print. */
    public String message() {
        return field + ": " + body();
    }

    @Override
    public String toString() {
        return message();
    }

    /**
     * Renders a bad value as {@code field.Error} does (before Kubernetes 1.34 switched to JSON):
     * strings {@code %q}, numbers and booleans plain, IntOrString and structs {@code %#v}, maps
     * {@code %#v} with sorted keys. A Java null is an untyped Go nil, which upstream turns into the
     * string "null" and then quotes: {@code "null"}.
     */
    public static String goValue(Object v) {
        if (v == null) {
            return goQuote("null");
        }
        if (v instanceof GoLiteral literal) {
            return literal.text();
        }
        if (v instanceof String s) {
            return goQuote(s);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof IntOrPercent iop) {
            return iop.goSyntax();
        }
        if (v instanceof Map<?, ?> map) {
            return goStringMap(map);
        }
        if (v instanceof LabelSelector selector) {
            return goSelector(selector);
        }
        if (v instanceof DeploymentStrategy strategy) {
            return goStrategy(strategy);
        }
        throw new IllegalArgumentException("no Go rendering for " + v.getClass().getName());
    }

    /** {@code %#v} of a {@code map[string]string}; null is a nil map, {@code map[string]string(nil)}. */
    public static String goStringMap(Map<?, ?> map) {
        if (map == null) {
            return "map[string]string(nil)";
        }
        Map<String, String> sorted = new TreeMap<>(); // Go's fmt prints map keys sorted
        map.forEach((k, val) -> sorted.put(String.valueOf(k), String.valueOf(val)));
        return sorted.entrySet().stream()
                .map(e -> goQuote(e.getKey()) + ":" + goQuote(e.getValue()))
                .collect(Collectors.joining(", ", "map[string]string{", "}"));
    }

    /** {@code %#v} of a {@code metav1.LabelSelector} (package {@code v1}). */
    static String goSelector(LabelSelector s) {
        String expressions = s.matchExpressions() == null ? "[]v1.LabelSelectorRequirement(nil)"
                : s.matchExpressions().stream().map(FieldError::goRequirement)
                .collect(Collectors.joining(", ", "[]v1.LabelSelectorRequirement{", "}"));
        return "v1.LabelSelector{MatchLabels:" + goStringMap(s.matchLabels())
                + ", MatchExpressions:" + expressions + "}";
    }

    private static String goRequirement(LabelSelectorRequirement r) {
        String values = r.values() == null ? "[]string(nil)"
                : r.values().stream().map(FieldError::goQuote).collect(Collectors.joining(", ", "[]string{", "}"));
        return "v1.LabelSelectorRequirement{Key:" + goQuote(nullToEmpty(r.key())) + ", Operator:"
                + goQuote(nullToEmpty(r.operator())) + ", Values:" + values + "}";
    }

    /**
     * {@code %#v} of the internal {@code apps.DeploymentStrategy}. A set rollingUpdate pointer prints
     * as an address in Go; a fixed stand-in address keeps the text deterministic.
     */
    static String goStrategy(DeploymentStrategy s) {
        String rollingUpdate = s.rollingUpdate() == null ? "(*apps.RollingUpdateDeployment)(nil)"
                : "(*apps.RollingUpdateDeployment)(0xc000000000)";
        return "apps.DeploymentStrategy{Type:" + goQuote(nullToEmpty(s.type()))
                + ", RollingUpdate:" + rollingUpdate + "}";
    }

    /** Go's {@code strconv.Quote}: double quotes, escapes for quotes, backslashes and unprintable runes. */
    public static String goQuote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> appendEscaped(b, cp));
        return b.append('"').toString();
    }

    private static void appendEscaped(StringBuilder b, int cp) {
        switch (cp) {
            case '"' -> b.append("\\\"");
            case '\\' -> b.append("\\\\");
            case 0x07 -> b.append("\\a");
            case '\b' -> b.append("\\b");
            case '\f' -> b.append("\\f");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            case 0x0b -> b.append("\\v");
            default -> {
                if (isGoPrintable(cp)) {
                    b.appendCodePoint(cp);
                } else if (cp < ' ' || cp == 0x7f) {
                    b.append(String.format("\\x%02x", cp));
                } else if (cp < 0x10000) {
                    b.append(String.format("\\u%04x", cp));
                } else {
                    b.append(String.format("\\U%08x", cp));
                }
            }
        }
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isGoPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
