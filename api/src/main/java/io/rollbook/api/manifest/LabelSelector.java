package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;
import java.util.Map;

/** A {@code metav1.LabelSelector}: matchLabels AND every matchExpressions requirement. */
public record LabelSelector(Map<String, String> matchLabels, List<LabelSelectorRequirement> matchExpressions) {

    public LabelSelector {
        matchLabels = Maps.copy(matchLabels);
        matchExpressions = Maps.copy(matchExpressions);
    }

    public static LabelSelector matching(Map<String, String> labels) {
        return new LabelSelector(labels, null);
    }

    /** {@code {}}: selects everything, which a Deployment must not do. */
    @JsonIgnore
    public boolean isEmpty() {
        return matchLabels == null && matchExpressions == null;
    }

    /** Whether {@code labels} satisfy this selector (an empty selector matches everything). */
    public boolean matches(Map<String, String> labels) {
        Map<String, String> actual = labels == null ? Map.of() : labels;
        if (matchLabels != null) {
            for (Map.Entry<String, String> e : matchLabels.entrySet()) {
                if (!e.getValue().equals(actual.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (matchExpressions != null) {
            for (LabelSelectorRequirement r : matchExpressions) {
                if (!r.matches(actual)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A copy with {@code key=value} added to matchLabels. */
    public LabelSelector withMatchLabel(String key, String value) {
        return new LabelSelector(Maps.with(matchLabels, key, value), matchExpressions);
    }
}
