package io.rollbook.infra.bench;

import io.rollbook.api.codec.Codec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers of one run, in the order they were measured, with notes saying how (or why a number
 * is partial). Printed as a table, or as one JSON object on the last line.
 */
public final class BenchReport {

    private final Map<String, Object> metrics = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());

    public void put(String metric, Object value) {
        metrics.put(metric, value instanceof Double d ? round(d) : value);
    }

    public void note(String text) {
        notes.add(text);
    }

    public Map<String, Object> metrics() {
        synchronized (metrics) {
            return Map.copyOf(metrics);
        }
    }

    public List<String> notes() {
        synchronized (notes) {
            return List.copyOf(notes);
        }
    }

    /** One double; NaN when absent or not a number. */
    public double number(String metric) {
        return metrics.get(metric) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Every goal's {@code <figure>Goal} and {@code <figure>Met} for the figures so far ({@link Goals}). */
    public Map<String, Object> goals() {
        return Goals.judge(orderedMetrics());
    }

    /**
     * The metrics with each goal's text and verdict beside its figure (yes, NO, or "not judged" when
     * the run did not measure what the goal is about), then the goals whose figure was not measured.
     */
    public void printTable(PrintWriter out) {
        Map<String, Object> metrics = orderedMetrics();
        Map<String, Object> goals = Goals.judge(metrics);
        out.printf("%-30s %16s  %-46s %s%n", "METRIC", "VALUE", "GOAL", "MET");
        metrics.forEach((k, v) -> out.printf("%-30s %16s  %-46s %s%n", k,
                v instanceof Number n ? format(n.doubleValue()) : String.valueOf(v),
                goals.containsKey(k + "Goal") ? goals.get(k + "Goal") : "", verdict(goals, k)));
        for (Goals.Goal goal : Goals.ALL) {
            if (!metrics.containsKey(goal.figure())) {
                out.printf("%-30s %16s  %-46s %s%n", goal.figure(), "-", goal.text(), "not measured");
            }
        }
        notes().forEach(n -> out.println("note: " + n));
        out.flush();
    }

    private static String verdict(Map<String, Object> goals, String metric) {
        if (!goals.containsKey(metric + "Goal")) {
            return "";
        }
        Object met = goals.get(metric + "Met");
        return met == null ? "not judged" : Boolean.TRUE.equals(met) ? "yes" : "NO";
    }

    /**
     * One JSON object on one line: the metrics, every goal's {@code <figure>Goal} and
     * {@code <figure>Met} (left out when not judged: the shared mapper writes no nulls), then the notes.
     */
    public void printJson(PrintWriter out) {
        Map<String, Object> all = new LinkedHashMap<>(orderedMetrics());
        all.putAll(Goals.judge(all));
        all.put("notes", notes());
        out.println(Codec.toJson(all));
        out.flush();
    }

    private Map<String, Object> orderedMetrics() {
        synchronized (metrics) {
            return new LinkedHashMap<>(metrics);
        }
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return Math.abs(v) >= 100 ? String.format("%.0f", v) : String.format("%.3f", v);
    }

    private static double round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        return Math.abs(v) >= 100 ? Math.rint(v) : Math.rint(v * 1000) / 1000;
    }
}
