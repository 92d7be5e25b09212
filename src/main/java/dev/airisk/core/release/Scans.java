package dev.airisk.core.release;

import dev.airisk.core.io.IoErrors;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.port.ModelSource;
import dev.airisk.core.port.ContainerReader;
import dev.airisk.core.port.ModelSources;
import dev.airisk.core.scan.ScanReport;
import dev.airisk.core.scan.ScanRules;
import dev.airisk.core.scan.Scanner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scans model files without loading them: every file of each path (a file, a folder, or an archive
 * read in place and validated like {@code register} validates it), files in parallel.
 */
public final class Scans {
    private final ModelSources sources;
    private final ContainerReader containers;
    private final int parallelism;

    public Scans(ModelSources sources, ContainerReader containers, int parallelism) {
        this.sources = sources;
        this.containers = containers;
        this.parallelism = parallelism;
    }

    public ScanReport scan(List<Path> paths, ScanRules rules, RiskTier tier) {
        Scanner scanner = Scanner.of(rules, tier == RiskTier.HIGH || tier == RiskTier.UNACCEPTABLE, containers);
        List<Scanner.FileScan> all = new ArrayList<>();
        for (Path path : paths) {
            String prefix = paths.size() > 1 ? path + (Files.isRegularFile(path) ? "!" : "/") : "";
            try (ModelSource source = sources.open(path)) {
                Map<String, Scanner.FileScan> scans = source.read(parallelism, content -> {
                    try (InputStream in = content.open()) {
                        return scanner.scan(prefix + content.path(), content.size(), in, content.file().orElse(null));
                    }
                });
                all.addAll(scans.values());
            } catch (IOException e) {
                throw new Unavailable("could not read " + path + ": " + IoErrors.describe(e), "check that the files are readable", e);
            }
        }
        return ScanReport.of(all);
    }
}
