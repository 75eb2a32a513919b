package io.rollbook.projections.objects;

import io.rollbook.api.manifest.LabelSelector;
import io.rollbook.api.manifest.LabelSelectorRequirement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code metav1.FormatLabelSelector}: the SELECTOR column of {@code get -o wide}. */
public final class Selectors {

    private Selectors() {
    }

    /**
     * Requirements sorted by key and joined by commas: {@code app=nginx,pod-template-hash=abc},
     * {@code tier in (a,b)}, {@code tier notin (a)}, {@code tier}, {@code !tier}; "{@code <none>}"
     * for a missing or empty selector.
     */
    public static String format(LabelSelector selector) {
        if (selector == null) {
            return "<none>";
        }
        List<String[]> requirements = new ArrayList<>(); // {key, rendered}
        if (selector.matchLabels() != null) {
            for (Map.Entry<String, String> e : selector.matchLabels().entrySet()) {
                requirements.add(new String[]{e.getKey(), e.getKey() + "=" + e.getValue()});
            }
        }
        if (selector.matchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.matchExpressions()) {
                requirements.add(new String[]{r.key(), expression(r)});
            }
        }
        requirements.sort((a, b) -> a[0].compareTo(b[0]));
        List<String> rendered = requirements.stream().map(r -> r[1]).toList();
        return rendered.isEmpty() ? "<none>" : String.join(",", rendered);
    }

    private static String expression(LabelSelectorRequirement r) {
        List<String> values = r.values() == null ? List.of() : r.values().stream().sorted().toList();
        String op = r.operator() == null ? "" : r.operator();
        return switch (op) {
            case "In" -> r.key() + " in (" + String.join(",", values) + ")";
            case "NotIn" -> r.key() + " notin (" + String.join(",", values) + ")";
            case "Exists" -> r.key();
            case "DoesNotExist" -> "!" + r.key();
            default -> r.key() + " " + op.toLowerCase() + " (" + String.join(",", values) + ")";
        };
    }
}
