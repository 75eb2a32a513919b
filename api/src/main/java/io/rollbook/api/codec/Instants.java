package io.rollbook.api.codec;

import java.time.Instant;

/**
 * RFC 3339 times in the one shape the engine writes ({@code 2026-11-26T10:00:03Z}, with 0 to 9
 * fraction digits), read and written without {@code DateTimeFormatter}: every event carries one,
 * and the formatter's generic parse was a quarter of a replay.
 *
 * <p>Only the fast path lives here. Any other text (an offset other than {@code Z}, hour 24, a leap
 * second, a year beyond 9999, lower-case letters, spaces...) goes to {@link Instant#parse} exactly
 * as before, so what is accepted, what it means and how a refusal reads do not change.
 */
public final class Instants {

    private static final long DAYS_0000_TO_1970 = 719_528L;

    private Instants() {
    }

    /** {@link Instant#parse}, with the same result and the same exceptions. */
    public static Instant parse(CharSequence text) {
        Instant fast = parseCanonical(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /**
     * The instant of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with every field in its ordinary range,
     * else null (the caller then asks {@link Instant#parse}, which may still accept it).
     */
    public static Instant parseCanonical(CharSequence s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21; // between '.' and 'Z'
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            int value = digits(s, 20, fraction);
            if (value < 0) {
                return null;
            }
            nanos = value;
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        long days = epochDay(year, month, day);
        return Instant.ofEpochSecond(days * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
    }

    /**
     * {@link Instant#toString()}, byte for byte: seconds always, then 3, 6 or 9 fraction digits as
     * the nanos need; years outside 0000-9999 go to {@code toString} itself.
     */
    public static String format(Instant t) {
        long seconds = t.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // 0000-01-01 .. 9999-12-31
        if (days < -DAYS_0000_TO_1970 || days > 2_932_896L) {
            return t.toString();
        }
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
        int nano = t.getNano();
        char[] out = new char[nano == 0 ? 20 : nano % 1_000_000 == 0 ? 24 : nano % 1_000 == 0 ? 27 : 30];
        put(out, 0, date.getYear(), 4);
        out[4] = '-';
        put(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3_600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        if (out.length == 24) {
            out[19] = '.';
            put(out, 20, nano / 1_000_000, 3);
        } else if (out.length == 27) {
            out[19] = '.';
            put(out, 20, nano / 1_000, 6);
        } else if (out.length == 30) {
            out[19] = '.';
            put(out, 20, nano, 9);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1 when any is not one. */
    private static int digits(CharSequence s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days from 1970-01-01 (proleptic Gregorian), as {@code LocalDate.toEpochDay}. */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y;
        total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367L * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) {
                total--;
            }
        }
        return total - DAYS_0000_TO_1970;
    }
}
