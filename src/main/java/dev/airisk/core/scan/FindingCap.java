package dev.airisk.core.scan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the first findings of each kind and counts the rest, so that what a scan holds and writes stays
 * bounded whatever the input (16 MB of one-line pickles would otherwise make a finding every 7 bytes).
 * A kind is a rule and a severity, in one file when {@code byPath}. After {@code perKind} findings of a
 * kind, the rest of that kind become one summary finding whose {@link Finding#count()} says how many; once
 * {@code total} findings are kept, every further one is counted in one summary per rule and severity.
 * Summaries keep the offset and path of the first finding they stand for; a summary given to {@link #add}
 * (made by an earlier cap, e.g. the pickle analyser's) is kept as it is while the total allows.
 */
final class FindingCap {
    /** Findings of one rule and severity kept per file; the rest are counted in one summary. */
    static final int PER_KIND = 20;
    /** Findings a scan report keeps in all; the rest are counted in one summary per rule and severity. */
    static final int REPORT_TOTAL = 1_000;
    /** The longest message a scan report keeps; longer ones are cut (names in messages are already cut at 200). */
    static final int MESSAGE = 1_000;

    private final int perKind;
    private final int total;
    private final boolean byPath;
    private final List<Finding> kept = new ArrayList<>();
    private final Map<String, Integer> keptOfKind = new HashMap<>();
    private final Map<String, Folded> folded = new LinkedHashMap<>();
    // the kind counted last, so that a run of one repeated finding costs no key
    private String lastPath;
    private String lastRule;
    private Severity lastSeverity;
    private Folded lastFolded;

    private static final class Folded {
        final Finding first;
        long count;
        final Set<String> paths = new HashSet<>();

        Folded(Finding first) {
            this.first = first;
        }
    }

    FindingCap(int perKind, int total, boolean byPath) {
        this.perKind = perKind;
        this.total = total;
        this.byPath = byPath;
    }

    void add(Finding f) {
        String kind = (byPath ? f.path() : "") + "\n" + f.rule() + "\n" + f.severity();
        if (kept.size() >= total) {
            fold("*\n" + f.rule() + "\n" + f.severity(), f);
            return;
        }
        int n = keptOfKind.getOrDefault(kind, 0);
        if (f.count() == 1) {
            if (n >= perKind) {
                fold(kind, f);
                return;
            }
            keptOfKind.put(kind, n + 1);
        }
        kept.add(f.message().length() <= MESSAGE ? f
            : new Finding(f.path(), f.rule(), f.severity(), f.message().substring(0, MESSAGE) + "...", f.offset(), f.count()));
    }

    /**
     * Counts one more finding of a kind that is already being counted, without its message (so repeated
     * findings cost no text); false when the finding must be made and given to {@link #add}.
     */
    boolean counted(String path, String rule, Severity severity) {
        Folded x;
        if (path == lastPath && rule == lastRule && severity == lastSeverity && lastFolded != null && kept.size() < total) {
            x = lastFolded;
        } else {
            String key = kept.size() >= total ? "*\n" + rule + "\n" + severity : (byPath ? path : "") + "\n" + rule + "\n" + severity;
            x = folded.get(key);
            lastPath = path;
            lastRule = rule;
            lastSeverity = severity;
            lastFolded = kept.size() < total ? x : null;
        }
        if (x == null) {
            return false;
        }
        x.count++;
        if (x.paths.size() <= total) {
            x.paths.add(path);
        }
        return true;
    }

    private void fold(String key, Finding f) {
        Folded x = folded.computeIfAbsent(key, k -> new Folded(f));
        x.count += f.count();
        if (x.paths.size() <= total) {
            x.paths.add(f.path());
        }
    }

    /** The kept findings, then one summary per kind that had more. */
    List<Finding> findings() {
        List<Finding> out = new ArrayList<>(kept);
        for (Map.Entry<String, Folded> e : folded.entrySet()) {
            Folded x = e.getValue();
            boolean overall = e.getKey().startsWith("*\n");
            String where = overall
                ? " in " + (x.paths.size() > total ? "more than " + total : x.paths.size()) + " file(s), beyond the "
                    + total + " findings a report keeps"
                : byPath ? " in this file, beyond the first " + perKind + " listed"
                : " in this file (and pickles inside it), beyond the first " + perKind + " listed";
            out.add(new Finding(x.first.path(), x.first.rule(), x.first.severity(),
                "and " + x.count + " more " + x.first.rule() + " finding(s) of severity " + x.first.severity().id() + where
                    + "; the first of them: " + cut(x.first.message()),
                x.first.offset(), x.count));
        }
        return out;
    }

    private static String cut(String message) {
        return message.length() <= 300 ? message : message.substring(0, 300) + "...";
    }
}
