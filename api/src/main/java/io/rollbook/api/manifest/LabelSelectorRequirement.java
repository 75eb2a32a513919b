package io.rollbook.api.manifest;

import java.util.List;
import java.util.Map;

/** One {@code matchExpressions} entry: In, NotIn, Exists or DoesNotExist. */
public record LabelSelectorRequirement(String key, String operator, List<String> values) {

    public LabelSelectorRequirement {
        values = values == null ? null : List.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
        String value = labels.get(key);
        List<String> vs = values == null ? List.of() : values;
        return switch (operator == null ? "" : operator) {
            case "In" -> value != null && vs.contains(value);
            case "NotIn" -> value == null || !vs.contains(value);
            case "Exists" -> labels.containsKey(key);
            case "DoesNotExist" -> !labels.containsKey(key);
            default -> false;
        };
    }
}
