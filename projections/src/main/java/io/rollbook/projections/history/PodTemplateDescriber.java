package io.rollbook.projections.history;

import io.rollbook.api.manifest.LabelSelector;
import io.rollbook.api.manifest.PodSpec;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.projections.objects.Selectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * kubectl's {@code DescribePodTemplate}: the "Pod Template:" block of {@code rollout history
 * --revision=N} and {@code describe}. Labels (sorted, {@code k=v}), annotations ({@code k: v},
 * last-applied-configuration skipped, long values folded), service account, containers, volumes,
 * topology spread, priority class, node selectors and tolerations, with kubectl's raw tabs.
 */
public final class PodTemplateDescriber {

    private static final int MAX_ANNOTATION_LEN = 140;

    private PodTemplateDescriber() {
    }

    /** The block, ending with a newline. */
    public static String describe(PodTemplateSpec template) {
        DescribeWriter w = new DescribeWriter();
        w.write(0, "Pod Template:\n");
        if (template == null) {
            w.write(1, "<unset>");
            return w.toString();
        }
        labels(w, "  Labels", template.metadata().labels());
        Map<String, String> annotations = template.metadata().annotations();
        if (annotations != null && !annotations.isEmpty()) {
            annotations(w, "  Annotations", annotations);
        }
        PodSpec spec = template.spec();
        String serviceAccount = DescribeWriter.str(spec.field("serviceAccountName"), "");
        if (!serviceAccount.isEmpty()) {
            w.write(1, "Service Account:\t" + serviceAccount + "\n");
        }
        if (spec.initContainers() != null && !spec.initContainers().isEmpty()) {
            ContainerDescriber.describe(w, "Init Containers", spec.initContainers());
        }
        ContainerDescriber.describe(w, "Containers", spec.containers());
        VolumeDescriber.describe(w, DescribeWriter.list(spec.field("volumes")));
        topologySpread(w, DescribeWriter.list(spec.field("topologySpreadConstraints")));
        String priorityClass = DescribeWriter.str(spec.field("priorityClassName"), "");
        if (!priorityClass.isEmpty()) {
            w.write(1, "Priority Class Name:\t" + priorityClass + "\n");
        }
        labels(w, "  Node-Selectors", strings(DescribeWriter.map(spec.field("nodeSelector"))));
        tolerations(w, "  Tolerations", DescribeWriter.list(spec.field("tolerations")));
        return w.toString();
    }

    /** printLabelsMultiline: {@code Title:\tk=v}, further keys on lines starting with a tab. */
    static void labels(DescribeWriter w, String title, Map<String, String> labels) {
        w.write(0, title + ":\t");
        if (labels == null || labels.isEmpty()) {
            w.line("<none>");
            return;
        }
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (!first) {
                w.write(0, "\t");
            }
            w.write(0, e.getKey() + "=" + e.getValue() + "\n");
            first = false;
        }
    }

    /** printAnnotationsMultiline: {@code k: v}; values over 140 characters or with newlines are folded. */
    static void annotations(DescribeWriter w, String title, Map<String, String> annotations) {
        w.write(0, title + ":\t");
        TreeMap<String, String> sorted = new TreeMap<>(annotations);
        sorted.remove(WellKnown.LAST_APPLIED_ANNOTATION);
        if (sorted.isEmpty()) {
            w.line("<none>");
            return;
        }
        boolean first = true;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (!first) {
                w.write(0, "\t");
            }
            first = false;
            String value = e.getValue().endsWith("\n") ? e.getValue().substring(0, e.getValue().length() - 1)
                    : e.getValue();
            if (value.length() + e.getKey().length() + 2 > MAX_ANNOTATION_LEN || value.contains("\n")) {
                w.write(0, e.getKey() + ":\n");
                for (String s : value.split("\n", -1)) {
                    w.write(0, "\t  " + shorten(s, MAX_ANNOTATION_LEN - 2) + "\n");
                }
            } else {
                w.write(0, e.getKey() + ": " + value + "\n");
            }
        }
    }

    private static String shorten(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "..." : s;
    }

    private static void topologySpread(DescribeWriter w, List<Object> constraints) {
        if (constraints.isEmpty()) {
            return;
        }
        List<Map<String, Object>> sorted = new ArrayList<>();
        constraints.forEach(c -> sorted.add(DescribeWriter.map(c)));
        sorted.sort((a, b) -> DescribeWriter.str(a.get("topologyKey"), "")
                .compareTo(DescribeWriter.str(b.get("topologyKey"), "")));
        w.write(0, "  Topology Spread Constraints:\t");
        boolean first = true;
        for (Map<String, Object> c : sorted) {
            if (!first) {
                w.write(0, "  \t");
            }
            first = false;
            w.write(0, DescribeWriter.str(c.get("topologyKey"), "") + ":"
                    + DescribeWriter.str(c.get("whenUnsatisfiable"), "")
                    + " when max skew " + DescribeWriter.number(c.get("maxSkew"), 0) + " is exceeded");
            if (c.get("labelSelector") instanceof Map<?, ?> selector) {
                w.write(0, " for selector " + Selectors.format(toSelector(DescribeWriter.map(selector))));
            }
            w.write(0, "\n");
        }
    }

    private static LabelSelector toSelector(Map<String, Object> selector) {
        return LabelSelector.matching(strings(DescribeWriter.map(selector.get("matchLabels"))));
    }

    /** printPodTolerationsMultiline: sorted by key; {@code key=value:effect}, op=Exists, {@code for Ns}. */
    private static void tolerations(DescribeWriter w, String title, List<Object> tolerations) {
        w.write(0, title + ":\t");
        if (tolerations.isEmpty()) {
            w.line("<none>");
            return;
        }
        List<Map<String, Object>> sorted = new ArrayList<>();
        tolerations.forEach(t -> sorted.add(DescribeWriter.map(t)));
        sorted.sort((a, b) -> DescribeWriter.str(a.get("key"), "").compareTo(DescribeWriter.str(b.get("key"), "")));
        boolean first = true;
        for (Map<String, Object> t : sorted) {
            if (!first) {
                w.write(0, "\t");
            }
            first = false;
            w.write(0, toleration(t) + "\n");
        }
    }

    private static String toleration(Map<String, Object> t) {
        String key = DescribeWriter.str(t.get("key"), "");
        String value = DescribeWriter.str(t.get("value"), "");
        String effect = DescribeWriter.str(t.get("effect"), "");
        StringBuilder sb = new StringBuilder(key);
        if (!value.isEmpty()) {
            sb.append('=').append(value);
        }
        if (!effect.isEmpty()) {
            sb.append(':').append(effect);
        }
        if ("Exists".equals(t.get("operator")) && value.isEmpty()) {
            sb.append(key.isEmpty() && effect.isEmpty() ? "op=Exists" : " op=Exists");
        }
        if (t.get("tolerationSeconds") instanceof Number seconds) {
            sb.append(" for ").append(seconds.longValue()).append('s');
        }
        return sb.toString();
    }

    private static Map<String, String> strings(Map<String, Object> map) {
        Map<String, String> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
