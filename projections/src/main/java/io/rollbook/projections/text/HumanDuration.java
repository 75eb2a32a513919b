package io.rollbook.projections.text;

import java.time.Duration;
import java.time.Instant;

/**
 * kubectl's AGE column: {@code k8s.io/apimachinery/pkg/util/duration.HumanDuration}, rule for rule.
 * 95 s → "95s" (under 2 minutes, seconds only); 182 s → "3m2s"; 45 min → "45m"; 5 h 3 min → "5h3m";
 * 30 h → "30h"; 5 d 3 h → "5d3h"; 400 d → "400d"; 800 d → "2y70d"; 9 y → "9y".
 */
public final class HumanDuration {

    private HumanDuration() {
    }

    /** The age of something created at {@code since}, seen at {@code now}; "{@code <unknown>}" without a time. */
    public static String age(Instant since, Instant now) {
        if (since == null || now == null) {
            return "<unknown>";
        }
        return format(Duration.between(since, now));
    }

    /** Go's HumanDuration: up to one second in the future still reads "0s", further is "{@code <invalid>}". */
    public static String format(Duration d) {
        long seconds = d.toMillis() / 1000; // Go's int(d.Seconds()) truncates towards zero
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        return hoursAndMore(seconds / 3600, minutes);
    }

    private static String hoursAndMore(long hours, long minutes) {
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long days = (hours / 24) % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
