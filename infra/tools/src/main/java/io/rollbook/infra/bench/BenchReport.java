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

    /** The goals on 2 cores: metric, comparison, threshold. */
    private static final List<Goal> GOALS = List.of(
            new Goal("commandsVsRawTxProduce", true, 0.25),
            new Goal("replayVsRawConsume", true, 0.65),
            new Goal("replaySeconds", false, 3.0),
            new Goal("commandLatencyP99Ms", false, 25.0),
            new Goal("heapMb", false, 4096.0));

    private record Goal(String metric, boolean atLeast, double threshold) {
        String text() {
            return (atLeast ? ">= " : "<= ") + BenchReport.format(threshold);
        }

        boolean met(double value) {
            return atLeast ? value >= threshold : value <= threshold;
        }
    }

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

    public void printTable(PrintWriter out) {
        out.printf("%-28s %16s  %-10s %s%n", "METRIC", "VALUE", "GOAL", "MET");
        synchronized (metrics) {
            metrics.forEach((k, v) -> {
                Goal goal = GOALS.stream().filter(g -> g.metric().equals(k)).findFirst().orElse(null);
                String met = goal == null || !(v instanceof Number n) ? "" : goal.met(n.doubleValue()) ? "yes" : "NO";
                out.printf("%-28s %16s  %-10s %s%n", k, v instanceof Number ? format(((Number) v).doubleValue())
                        : String.valueOf(v), goal == null ? "" : goal.text(), met);
            });
        }
        notes().forEach(n -> out.println("note: " + n));
        out.flush();
    }

    /** Notes first (one line each, for humans), then the JSON object alone on the last line. */
    public void printJson(PrintWriter out) {
        Map<String, Object> all = new LinkedHashMap<>(orderedMetrics());
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
