package dev.airisk.cli;

import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.model.RiskTier;
import dev.airisk.core.scan.FileResult;
import dev.airisk.core.scan.Finding;
import dev.airisk.core.scan.ScanReport;
import dev.airisk.core.scan.ScanRules;
import dev.airisk.core.scan.Severity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk scan}: look inside model files without loading them. */
@Command(name = "scan", description = "Scan model files without loading them: pickle opcodes (in raw pickles, PyTorch zips, joblib, NumPy), Keras configs, safetensors headers, ONNX external data, secrets. Exit 3 when a finding is at or above --fail-on.")
final class ScanCommand implements Callable<Integer> {
    enum Format { text, json, sarif }

    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Parameters(paramLabel = "<path>", arity = "1..*", description = "Files, folders or archives (.tar, .tar.gz, .zip) to scan.")
    List<Path> paths;
    @Option(names = "--format", paramLabel = "<format>", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). SARIF 2.1.0 for code-scanning dashboards.")
    Format format = Format.text;
    @Option(names = "--fail-on", paramLabel = "<severity>", defaultValue = "high",
            description = "Exit 3 when a finding is at or above: critical, high (default), medium or low.")
    String failOn;
    @Option(names = "--risk-tier", paramLabel = "<tier>", defaultValue = "limited",
            description = "The model's risk tier: an unknown import is high for high-risk models, medium otherwise (default: ${DEFAULT-VALUE}).")
    String tier;

    ScanCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Severity threshold = Severity.parse(failOn);
        ScanReport report = ctx.scans().scan(paths, ScanRules.DEFAULT, RiskTier.parse(tier));
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case json -> Json.print(out, json(report, threshold));
            case sarif -> Json.print(out, sarif(report));
            default -> text(out, report);
        }
        List<Finding> failing = report.atOrAbove(threshold);
        if (!failing.isEmpty()) {
            throw new PolicyDenied(failing.size() + " finding" + (failing.size() == 1 ? "" : "s") + " at or above " + threshold.id()
                    + ", the worst: " + failing.get(0).path() + ": " + failing.get(0).message(),
                    "do not load or register these files until the findings are understood");
        }
        return ExitCodes.OK;
    }

    private static void text(PrintWriter out, ScanReport r) {
        Table files = new Table("FILE", "SIZE", "RESULT");
        for (FileResult f : r.files()) {
            files.row(f.path(), f.size(), f.skipped() == null ? "scanned (" + String.join(", ", f.analysers()) + ")" : "skipped: " + f.skipped());
        }
        files.print(out);
        if (!r.findings().isEmpty()) {
            out.println();
            Table t = new Table("SEVERITY", "RULE", "FILE", "FINDING");
            r.findings().forEach(f -> t.row(f.severity().id(), f.rule(), f.path() + (f.offset() >= 0 ? "@" + f.offset() : ""), f.message()));
            t.print(out);
        }
        out.println(r.files().size() + " files, " + r.findings().size() + " findings"
                + (r.occurrences() != r.findings().size() ? " (" + r.occurrences() + " occurrences, repeated ones summarised)" : "") + r.worst().map(w -> ", worst " + w.id()).orElse(""));
        out.flush();
    }

    private static Map<String, Object> json(ScanReport r, Severity threshold) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scanner", r.scanner());
        m.put("fail_on", threshold.id());
        m.put("passed", r.atOrAbove(threshold).isEmpty());
        m.put("worst", r.worst().map(Severity::id).orElse(null));
        m.put("files", r.files().stream().map(f -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("path", f.path());
            x.put("size", f.size());
            x.put("analysers", f.analysers());
            x.put("skipped", f.skipped());
            return x;
        }).toList());
        m.put("findings", r.findings().stream().map(VersionOutput.Finding::of).toList());
        return m;
    }

    /** SARIF 2.1.0: one run, the rules that fired, one result per finding located in its file (member in properties). */
    static Map<String, Object> sarif(ScanReport r) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (String id : new TreeSet<>(r.findings().stream().map(Finding::rule).toList())) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", id);
            rule.put("shortDescription", Map.of("text", id));
            rules.add(rule);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (Finding f : r.findings()) {
            String file = f.path().contains("!") ? f.path().substring(0, f.path().indexOf('!')) : f.path();
            Map<String, Object> physical = new LinkedHashMap<>();
            physical.put("artifactLocation", Map.of("uri", file));
            if (f.offset() >= 0 && !f.path().contains("!")) {
                physical.put("region", Map.of("byteOffset", f.offset()));
            }
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("severity", f.severity().id());
            props.put("count", f.count());
            if (f.path().contains("!")) {
                props.put("member", f.path().substring(f.path().indexOf('!') + 1));
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ruleId", f.rule());
            result.put("level", switch (f.severity()) {
                case CRITICAL, HIGH -> "error";
                case MEDIUM -> "warning";
                case LOW -> "note";
            });
            result.put("message", Map.of("text", f.message()));
            result.put("locations", List.of(Map.of("physicalLocation", physical)));
            result.put("properties", props);
            results.add(result);
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "airisk");
        driver.put("semanticVersion", r.scanner());
        driver.put("rules", rules);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("artifacts", r.files().stream().filter(f -> !f.path().contains("!"))
                .map(f -> Map.of("location", Map.of("uri", f.path()), "length", f.size())).toList());
        run.put("results", results);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        doc.put("version", "2.1.0");
        doc.put("runs", List.of(run));
        return doc;
    }
}
