package dev.airisk.core.monitor;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.port.RowSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two prediction logs of the same traffic, baseline and candidate, read together row by row:
 * rows are joined by a request-id column (or paired by their order in the files) while at most
 * {@link #MAX_PENDING} rows wait for their partner, and every distribution is a {@link ScoreSample},
 * so memory stays bounded whatever the files' sizes. docs/canary.md defines each figure.
 */
public final class Comparer {
    /** The score column. */
    public static final String SCORE = "score";
    /** The label column, used when a log has it. */
    public static final String LABEL = "label";
    /** The most distinct values a segment column may have. */
    public static final int MAX_SEGMENTS = 20;
    /** The most rows of one log that may wait for their partner in the other while joining. */
    public static final int MAX_PENDING = 1_000_000;

    /** One side's reading of its log. */
    private static final class Side {
        final RowSource rows;
        final int score;
        final int label;
        final int join;
        final int segment;
        final Map<String, Row> pending = new HashMap<>();
        long line;

        Side(RowSource rows, String join, String segment) {
            this.rows = rows;
            List<String> header = rows.header();
            List<String> wanted = new ArrayList<>();
            wanted.add(SCORE);
            label = header.contains(LABEL) ? add(wanted, LABEL) : -1;
            this.join = join == null ? -1 : add(wanted, join);
            this.segment = segment == null ? -1 : add(wanted, segment);
            for (String c : wanted) {
                if (!header.contains(c)) {
                    throw new InvalidInput(rows.name() + " has no column '" + c + "'", "both logs need the columns " + String.join(", ", wanted));
                }
            }
            rows.select(wanted);
            score = 0;
        }

        private static int add(List<String> columns, String c) {
            columns.add(c);
            return columns.size() - 1;
        }

        /** The next row, or null at the end. */
        Row next() {
            if (!rows.next()) {
                return null;
            }
            line++;
            if (rows.isNull(score)) {
                throw Values.at(rows, "column '" + SCORE + "' is empty", "every row needs a score from 0 to 1");
            }
            double s = rows.number(score);
            if (!(s >= 0 && s <= 1)) {
                throw Values.at(rows, "column '" + SCORE + "' is " + s + ", not from 0 to 1", "scores are probabilities from 0 to 1");
            }
            int l = label < 0 || rows.isNull(label) ? -1 : Values.label(rows, label, LABEL) ? 1 : 0;
            String key;
            if (join < 0) {
                key = Long.toString(line);
            } else {
                if (rows.isNull(join)) {
                    throw Values.at(rows, "the join column is empty", "every row needs its request id");
                }
                key = rows.text(join);
            }
            String seg = segment < 0 ? null : rows.isNull(segment) ? "" : rows.text(segment);
            return new Row(key, s, l, seg);
        }
    }

    private record Row(String key, double score, int label, String segment) {
    }

    /** The running figures of one group of rows. */
    private static final class Group {
        final String name;
        final ScoreSample baseline = new ScoreSample();
        final ScoreSample candidate = new ScoreSample();
        final ScoreSample diffs = new ScoreSample();
        long agree;
        double diffSum;
        final long[] labelled = new long[2];
        final long[] correct = new long[2];
        // scores are refused outside [0, 1], so the bins span it
        final BinnedAuc[] auc = {new BinnedAuc(0, 1), new BinnedAuc(0, 1)};

        Group(String name) {
            this.name = name;
        }

        void side(int side, Row r, double threshold) {
            (side == 0 ? baseline : candidate).add(r.score());
            if (r.label() >= 0) {
                labelled[side]++;
                correct[side] += (r.score() >= threshold) == (r.label() == 1) ? 1 : 0;
                auc[side].add(r.score(), r.label() == 1);
            }
        }

        void pair(Row b, Row c, double threshold) {
            double d = Math.abs(b.score() - c.score());
            diffs.add(d);
            diffSum += d;
            agree += (b.score() >= threshold) == (c.score() >= threshold) ? 1 : 0;
        }

        Comparison.Figures figures() {
            double[] ks = ScoreSample.ks(baseline, candidate);
            double[] edges = baseline.deciles();
            Double psi = baseline.count() == 0 ? null : Psi.of(shares(baseline.counts(edges), baseline.count()), candidate.counts(edges));
            long joined = diffs.count();
            return new Comparison.Figures(name, baseline.count(), candidate.count(), joined, ks[0],
                    ScoreSample.ksPValue(ks[0], baseline.count(), candidate.count()), ks[1], psi == null ? Double.NaN : psi,
                    joined == 0 ? Double.NaN : (double) agree / joined, joined == 0 ? Double.NaN : diffSum / joined,
                    diffs.quantile(0.99), labelled[0] == 0 ? Double.NaN : (double) correct[0] / labelled[0],
                    labelled[1] == 0 ? Double.NaN : (double) correct[1] / labelled[1], orNaN(auc[0].value()), orNaN(auc[1].value()),
                    baseline.exact() && candidate.exact() && diffs.exact());
        }

        private static double orNaN(Double v) {
            return v == null ? Double.NaN : v;
        }

        private static List<Double> shares(long[] counts, long total) {
            List<Double> out = new ArrayList<>(counts.length);
            for (long c : counts) {
                out.add((double) c / total);
            }
            return out;
        }
    }

    /**
     * Reads both logs to their end and returns the figures.
     *
     * @param join      the request-id column both logs have, or null to pair rows by their order
     * @param segment   the column to segment by, or null
     * @param threshold the score at or above which the predicted class is positive
     */
    public Comparison compare(RowSource baselineRows, RowSource candidateRows, String join, String segment, double threshold) {
        Side[] sides = {new Side(baselineRows, join, segment), new Side(candidateRows, join, segment)};
        Group all = new Group("all");
        Map<String, Group> segments = new LinkedHashMap<>();
        boolean[] done = new boolean[2];
        while (!done[0] || !done[1]) {
            for (int s = 0; s < 2; s++) {
                if (done[s]) {
                    continue;
                }
                Row r = sides[s].next();
                if (r == null) {
                    done[s] = true;
                    continue;
                }
                Group g = segment == null ? null : segment(segments, r.segment(), sides[s].rows, segment);
                all.side(s, r, threshold);
                if (g != null) {
                    g.side(s, r, threshold);
                }
                Row partner = sides[1 - s].pending.remove(r.key());
                if (partner == null) {
                    if (sides[s].pending.put(r.key(), r) != null) {
                        throw Values.at(sides[s].rows, "request id '" + Values.shown(r.key()) + "' appears twice",
                                "give each request once in each log");
                    }
                    if (sides[0].pending.size() + sides[1].pending.size() > MAX_PENDING) {
                        throw Values.at(sides[s].rows, "more than " + MAX_PENDING + " rows wait for their partner in the other log",
                                "write both logs in the same order (e.g. by time), or sort both by the join column");
                    }
                    continue;
                }
                Row b = s == 0 ? r : partner;
                Row c = s == 0 ? partner : r;
                all.pair(b, c, threshold);
                if (segment != null) {
                    segments.get(b.segment()).pair(b, c, threshold);
                }
            }
        }
        return new Comparison(join, segment, threshold, all.figures(), segments.values().stream().map(Group::figures).toList());
    }

    private static Group segment(Map<String, Group> segments, String value, RowSource rows, String column) {
        Group g = segments.get(value);
        if (g == null) {
            if (segments.size() == MAX_SEGMENTS) {
                throw Values.at(rows, "column '" + column + "' has more than " + MAX_SEGMENTS + " values",
                        "segment by a column with at most " + MAX_SEGMENTS + " values");
            }
            g = new Group(value);
            segments.put(value, g);
        }
        return g;
    }
}
