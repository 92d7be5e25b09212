package dev.airisk.core.scan;

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
        findings = findings.stream().sorted(Comparator.comparing(Finding::severity).reversed()
                .thenComparing(Finding::path).thenComparingLong(Finding::offset)).toList();
    }

    /** The worst severity found, if anything was found. */
    public Optional<Severity> worst() {
        return findings.stream().map(Finding::severity).max(Comparator.naturalOrder());
    }

    /** The findings at or above a threshold. */
    public List<Finding> atOrAbove(Severity threshold) {
        return findings.stream().filter(f -> f.severity().atLeast(threshold)).toList();
    }
}
