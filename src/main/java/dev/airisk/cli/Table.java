package dev.airisk.cli;

import dev.airisk.core.Printable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A plain text table, one row per item, at most {@link #WIDTH} columns wide: columns are padded to their
 * widest cell, two spaces apart; when the table would be wider, the widest columns are narrowed and
 * their cells wrap at spaces onto continuation lines (a word longer than its column is cut). A cell's
 * control characters are escaped.
 */
final class Table {
    /** The widest line any text output prints. */
    static final int WIDTH = 100;
    private static final int GAP = 2;

    /** A row of cells, or a note (one cell) under the row before it. */
    private record Row(String[] cells, boolean note) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Set<Integer> kept = new HashSet<>();

    Table(String... header) {
        rows.add(new Row(header, false));
    }

    /** Columns that keep their natural width (digests, ids): the others narrow first. */
    Table keep(int... columns) {
        for (int c : columns) {
            kept.add(c);
        }
        return this;
    }

    /**
     * A note under the last row, across the table from its second column on, wrapped to fit (a reason,
     * a fix, a comment): it does not widen any column.
     */
    Table note(String text) {
        rows.add(new Row(new String[] {Printable.oneLine(text)}, true));
        return this;
    }

    Table row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] == null ? "-" : Printable.oneLine(cells[i].toString());
        }
        rows.add(new Row(r, false));
        return this;
    }

    void print(PrintWriter out) {
        int cols = rows.get(0).cells().length;
        int[] natural = new int[cols];
        for (Row r : rows) {
            for (int i = 0; i < cols && !r.note(); i++) {
                natural[i] = Math.max(natural[i], r.cells()[i].length());
            }
        }
        int room = WIDTH - GAP * (cols - 1);
        int[] flexible = natural.clone();
        for (int c : kept) {
            room -= natural[c];
            flexible[c] = 0;
        }
        int[] width = fit(flexible, Math.max(room, 0));
        for (int c : kept) {
            width[c] = natural[c];
        }
        StringBuilder b = new StringBuilder();
        for (Row row : rows) {
            if (row.note()) {
                hanging(out, " ".repeat(cols > 1 ? width[0] + GAP : 0), row.cells()[0]);
                continue;
            }
            String[] r = row.cells();
            List<List<String>> cells = new ArrayList<>();
            int height = 1;
            for (int i = 0; i < cols; i++) {
                List<String> lines = wrap(r[i], width[i]);
                cells.add(lines);
                height = Math.max(height, lines.size());
            }
            for (int line = 0; line < height; line++) {
                b.setLength(0);
                for (int i = 0; i < cols; i++) {
                    String part = line < cells.get(i).size() ? cells.get(i).get(line) : "";
                    b.append(part);
                    if (i < cols - 1) {
                        b.append(" ".repeat(width[i] - part.length() + GAP));
                    }
                }
                out.println(b.toString().stripTrailing());
            }
        }
        out.flush();
    }

    /**
     * Column widths that add up to at most {@code room}: the natural ones when they fit, else the
     * narrow columns keep theirs and the wide ones share what is left equally (never below 1).
     */
    static int[] fit(int[] natural, int room) {
        int total = Arrays.stream(natural).sum();
        if (total <= room) {
            return natural.clone();
        }
        Integer[] order = new Integer[natural.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> natural[i]));
        int[] width = new int[natural.length];
        int left = room;
        for (int k = 0; k < order.length; k++) {
            int rest = order.length - k;
            int share = Math.max(1, left / rest);
            int i = order[k];
            if (natural[i] <= share) {
                width[i] = natural[i];
                left -= natural[i];
            } else {
                for (int j = k; j < order.length; j++) {
                    int n = order.length - j;
                    width[order[j]] = Math.max(1, left / n);
                    left -= width[order[j]];
                }
                break;
            }
        }
        return width;
    }

    /** {@code text} in lines of at most {@code width} characters, broken at spaces; a longer word is cut. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        if (text.length() <= width) {
            lines.add(text);
            return lines;
        }
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" +")) {
            if (word.length() > width) {
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                while (word.length() > width) {
                    lines.add(word.substring(0, width));
                    word = word.substring(width);
                }
            }
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() == 0) {
                line.append(word);
            } else if (line.length() + 1 + word.length() <= width) {
                line.append(' ').append(word);
            } else {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            }
        }
        if (line.length() > 0 || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /**
     * {@code head} then {@code text} wrapped at spaces to fit {@link #WIDTH} columns, its continuation
     * lines indented under its first.
     */
    static void hanging(PrintWriter out, String head, String text) {
        List<String> lines = wrap(text, Math.max(WIDTH - head.length(), 20));
        for (int i = 0; i < lines.size(); i++) {
            out.println((i == 0 ? head : " ".repeat(head.length())) + lines.get(i));
        }
    }

    /** A comment ({@code # text}) wrapped to fit {@link #WIDTH} columns, its continuation lines {@code #   ...}. */
    static void comment(PrintWriter out, String text) {
        List<String> lines = wrap(text, WIDTH - 4);
        for (int i = 0; i < lines.size(); i++) {
            out.println((i == 0 ? "# " : "#   ") + lines.get(i));
        }
    }
}
