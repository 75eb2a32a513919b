package io.rollbook.projections.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts, as {@code diff} prints one without context headers: every line of the
 * longest common subsequence with two spaces, a line only in the old text with {@code "- "}, one only
 * in the new with {@code "+ "}. Quadratic in the line counts: for pod templates, a few dozen lines.
 */
public final class LineDiff {

    private LineDiff() {
    }

    /** The diff from {@code before} to {@code after}, each line ending with a newline. */
    public static String diff(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.add("  " + a.get(i++));
                j++;
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                out.add("- " + a.get(i++)); // what goes, before what comes in its place
            } else {
                out.add("+ " + b.get(j++));
            }
        }
        StringBuilder text = new StringBuilder();
        out.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }
}
