package io.rollbook.api.canary;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code rollbook.io/canary-steps}: a YAML list of steps, one key each, either on one line
 * ({@code [setWeight: 20, pause: {duration: 30s}, setWeight: 50, pause: {}, setWeight: 100]}) or as
 * a block list. The steps:
 * <ul>
 *   <li>{@code setWeight: N} (0 to 100);</li>
 *   <li>{@code pause: {duration: D}} or {@code pause: {}}, D a duration {@code 30s}, {@code 5m},
 *       {@code 1h} or a number of seconds;</li>
 *   <li>{@code check: {maxRestarts: N}}, {@code check: {readyWithin: D}} or
 *       {@code check: {minReadyShare: N, after: D}} (after defaults to 30s), each with an optional
 *       {@code onFail: abort|pause} (default abort).</li>
 * </ul>
 * Anything else is refused with the step's number and what is wrong.
 */
public final class CanarySteps {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(s|m|h)?");
    private static final Duration DEFAULT_AFTER = Duration.ofSeconds(30);
    private static final Set<String> MEASURES = Set.of(CanaryStep.Check.MAX_RESTARTS, CanaryStep.Check.READY_WITHIN,
            CanaryStep.Check.MIN_READY_SHARE);

    private CanarySteps() {
    }

    /**
     * The steps the annotation's value lists.
     *
     * @throws IllegalArgumentException naming the step (1-based) and the problem
     */
    public static List<CanaryStep> parse(String value) {
        JsonNode root;
        try {
            root = value == null || value.isBlank() ? null : Codec.yaml().readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a YAML list of steps: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException("must be a non-empty list of steps (setWeight, pause, check)");
        }
        List<CanaryStep> steps = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            try {
                steps.add(step(root.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("step " + (i + 1) + ": " + e.getMessage());
            }
        }
        return List.copyOf(steps);
    }

    /** The steps, or null when the value is absent or does not parse (validation refuses that at apply). */
    public static List<CanaryStep> parseOrNull(String value) {
        if (value == null) {
            return null;
        }
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static CanaryStep step(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("must be one of setWeight: N, pause: {...}, check: {...}");
        }
        Map.Entry<String, JsonNode> e = node.fields().next();
        JsonNode v = e.getValue();
        return switch (e.getKey()) {
            case "setWeight" -> new CanaryStep.SetWeight(intValue(v, "setWeight"));
            case "pause" -> pause(v);
            case "check" -> check(v);
            default -> throw new IllegalArgumentException("unknown step \"" + e.getKey()
                    + "\": must be setWeight, pause or check");
        };
    }

    private static CanaryStep pause(JsonNode v) {
        if (v == null || v.isNull() || (v.isObject() && v.isEmpty())) {
            return new CanaryStep.Pause(null);
        }
        if (!v.isObject() || v.size() != 1 || !v.has("duration")) {
            throw new IllegalArgumentException("pause takes {} or {duration: D}");
        }
        return new CanaryStep.Pause(duration(v.get("duration"), "pause duration"));
    }

    private static CanaryStep check(JsonNode v) {
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException("check takes {maxRestarts: N}, {readyWithin: D} or {minReadyShare: N}");
        }
        String measure = null;
        long threshold = 0;
        Duration after = null;
        String onFail = CanaryStep.Check.ABORT;
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String key = f.getKey();
            if (MEASURES.contains(key)) {
                if (measure != null) {
                    throw new IllegalArgumentException("a check measures one thing, not both " + measure + " and "
                            + key);
                }
                measure = key;
                threshold = CanaryStep.Check.READY_WITHIN.equals(key) ? duration(f.getValue(), key).toSeconds()
                        : intValue(f.getValue(), key);
            } else if ("after".equals(key)) {
                after = duration(f.getValue(), "after");
            } else if ("onFail".equals(key)) {
                onFail = f.getValue().asText();
                if (!CanaryStep.Check.ABORT.equals(onFail) && !CanaryStep.Check.PAUSE.equals(onFail)) {
                    throw new IllegalArgumentException("onFail must be abort or pause, was \"" + onFail + "\"");
                }
            } else {
                throw new IllegalArgumentException("unknown check field \"" + key
                        + "\": must be maxRestarts, readyWithin, minReadyShare, after or onFail");
            }
        }
        if (measure == null) {
            throw new IllegalArgumentException("check needs one of maxRestarts, readyWithin, minReadyShare");
        }
        boolean share = CanaryStep.Check.MIN_READY_SHARE.equals(measure);
        if (share && threshold > 100) {
            throw new IllegalArgumentException("minReadyShare must be between 0 and 100, was " + threshold);
        }
        if (after != null && !share) {
            throw new IllegalArgumentException("after applies to minReadyShare only");
        }
        return new CanaryStep.Check(measure, threshold, share ? (after == null ? DEFAULT_AFTER : after) : null, onFail);
    }

    private static int intValue(JsonNode v, String what) {
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 0) {
            throw new IllegalArgumentException(what + " must be a whole number, was " + (v == null ? "nothing" : v));
        }
        return v.intValue();
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, or a whole number of seconds. */
    static Duration duration(JsonNode v, String what) {
        String text = v == null || v.isNull() ? "" : v.asText();
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(what + " must be a duration such as 30s, 5m or 1h, was \"" + text + "\"");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** A duration as the syntax writes it: {@code 30s}, {@code 5m}, {@code 1h}. */
    static String format(Duration d) {
        long s = d.toSeconds();
        if (s > 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s > 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /** The weight in force at step {@code index}: the last setWeight at or before it, 0 before any, 100 past the end. */
    public static int weightAt(List<CanaryStep> steps, int index) {
        if (index >= steps.size()) {
            return 100;
        }
        int weight = 0;
        for (int i = 0; i <= index; i++) {
            if (steps.get(i) instanceof CanaryStep.SetWeight w) {
                weight = w.weight();
            }
        }
        return weight;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
