package io.rollbook.projections.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Go's {@code text/tabwriter} as kubectl uses it, for tables whose rows all have the same cells:
 * every cell but the last of a row is left-aligned in a column as wide as its widest cell plus
 * {@code padding}, never narrower than {@code minWidth}; the last cell is written as is.
 *
 * <p>{@code kubectl get} uses minWidth 6 and padding 3 ({@link #forGet()}); {@code rollout history}
 * and {@code describe} use minWidth 0 and padding 2 ({@link #forDescribe()}). Not thread-safe; one
 * writer per table.
 */
public final class TabWriter {

    private final int minWidth;
    private final int padding;
    private final List<List<String>> rows = new ArrayList<>();

    public TabWriter(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    /** kubectl get's printer: {@code tabwriter.NewWriter(out, 6, 4, 3, ' ', 0)}. */
    public static TabWriter forGet() {
        return new TabWriter(6, 3);
    }

    /** kubectl's tabbedString (rollout history, describe): {@code Init(buf, 0, 8, 2, ' ', 0)}. */
    public static TabWriter forDescribe() {
        return new TabWriter(0, 2);
    }

    /** Adds a row; null cells print as empty. */
    public TabWriter row(String... cells) {
        return row(Arrays.asList(cells));
    }

    public TabWriter row(List<String> cells) {
        List<String> copy = new ArrayList<>(cells.size());
        cells.forEach(c -> copy.add(c == null ? "" : c));
        rows.add(copy);
        return this;
    }

    /** The table, every row ending with a newline. */
    public String render() {
        return render("");
    }

    /** The table with {@code indent} before every row (the indent is not part of any column). */
    public String render(String indent) {
        int[] widths = widths();
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            out.append(indent);
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                out.append(cell);
                if (i < row.size() - 1) {
                    out.append(" ".repeat(widths[i] - length(cell)));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private int[] widths() {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        Arrays.fill(widths, minWidth);
        for (List<String> row : rows) {
            for (int i = 0; i < row.size() - 1; i++) {
                widths[i] = Math.max(widths[i], length(row.get(i)) + padding);
            }
        }
        return widths;
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
