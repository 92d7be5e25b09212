package dev.airisk.core.scan;

import dev.airisk.core.model.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Everything one scan did and found: every file with what was done to it, and the findings, worst first.
 *
 * @param scanner  the scanner's version ({@link Scanner#VERSION})
 * @param files    every file and container member, in path order
 * @param findings everything found, worst first, then by path and offset
 */
public record ScanReport(String scanner, List<FileResult> files, List<Finding> findings) {
    public ScanReport {
        files = files.stream().sorted(Comparator.comparing(FileResult::path)).toList();
        findings = findings.stream().sorted(WORST_FIRST).toList();
    }

    /**
     * One report of several files' scans, by this scanner version, with its findings bounded: the worst
     * first, at most {@link FindingCap#PER_KIND} of one rule and severity per file and
     * {@link FindingCap#REPORT_TOTAL} in all, each further one counted in a summary finding (see
     * docs/scanning.md, "Bounds"), so the report a promotion signs and stores stays small.
     */
    public static ScanReport of(Collection<Scanner.FileScan> scans) {
        List<FileResult> files = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Scanner.FileScan s : scans) {
            files.addAll(s.files());
            findings.addAll(s.findings());
        }
        findings.sort(WORST_FIRST);
        FindingCap cap = new FindingCap(FindingCap.PER_KIND, FindingCap.REPORT_TOTAL, true);
        findings.forEach(cap::add);
        return new ScanReport(Scanner.VERSION, files, cap.findings());
    }

    private static final Comparator<Finding> WORST_FIRST = Comparator.comparing(Finding::severity).reversed()
            .thenComparing(Finding::path).thenComparingLong(Finding::offset);

    /** The most files the report a promotion signs and stores lists; see {@link #forRecord()}. */
    public static final int RECORD_FILES = 5_000;

    /**
     * This report as a promotion signs and stores it: at most {@link #RECORD_FILES} files listed (in path
     * order), the rest folded into one entry that counts them and their bytes, so that, with the findings
     * bounded by {@link #of}, the stored statement stays well under the registry's per-file limit
     * (docs/scanning.md, "Bounds and summaries"). Its own digest covers what it lists.
     */
    public ScanReport forRecord() {
        if (files.size() <= RECORD_FILES) {
            return this;
        }
        List<FileResult> rest = files.subList(RECORD_FILES, files.size());
        long bytes = rest.stream().mapToLong(FileResult::size).sum();
        List<FileResult> listed = new ArrayList<>(files.subList(0, RECORD_FILES));
        listed.add(new FileResult("~(" + rest.size() + " more files)", bytes, List.of(),
                "not listed: the stored report lists the first " + RECORD_FILES + " of " + files.size() + " files; "
                        + rest.size() + " more (" + bytes + " bytes) were scanned and their findings are above"));
        return new ScanReport(scanner, listed, findings);
    }

    /** How many occurrences the findings stand for, summaries counted by what they summarise. */
    public long occurrences() {
        return findings.stream().mapToLong(Finding::count).sum();
    }

    /** The worst severity found, if anything was found. */
    public Optional<Severity> worst() {
        return findings.stream().map(Finding::severity).max(Comparator.naturalOrder());
    }

    /**
     * SHA-256 over a canonical text of the report: one line per file ({@code F path size analysers skipped})
     * then one per finding ({@code X severity rule path offset message}, then {@code count} when it is
     * not 1), fields tab-separated, in report order. Recorded with the version so a stored report can be checked.
     */
    public Sha256 digest() {
        StringBuilder b = new StringBuilder(scanner).append('\n');
        for (FileResult f : files) {
            b.append("F\t").append(f.path()).append('\t').append(f.size()).append('\t').append(String.join(",", f.analysers()))
                    .append('\t').append(f.skipped() == null ? "" : f.skipped()).append('\n');
        }
        for (Finding f : findings) {
            b.append("X\t").append(f.severity().id()).append('\t').append(f.rule()).append('\t').append(f.path()).append('\t')
                    .append(f.offset()).append('\t').append(f.message());
            if (f.count() != 1) {
                b.append('\t').append(f.count());
            }
            b.append('\n');
        }
        return Sha256.digest(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The findings at or above a threshold. */
    public List<Finding> atOrAbove(Severity threshold) {
        return findings.stream().filter(f -> f.severity().atLeast(threshold)).toList();
    }
}
