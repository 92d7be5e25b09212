package dev.airisk.cli;

import dev.airisk.adapters.tabular.ProfileJson;
import dev.airisk.adapters.tabular.TabularFiles;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.monitor.ColumnKind;
import dev.airisk.core.monitor.ColumnProfile;
import dev.airisk.core.monitor.Profile;
import dev.airisk.core.release.Baselines;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk profile}: a version's baseline profile, from a sample, attached signed as {@code baseline-profile}. */
@Command(name = "profile", description = "Profile a sample of a version's inputs and scores (CSV or JSON Lines, optionally gzip) "
        + "and attach the profile, signed, as its baseline-profile: what monitoring compares production against.")
final class ProfileCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WriteOptions write;
    @Mixin OutputOptions output;
    @Parameters(index = "0", paramLabel = "<model@version>", description = "The version.")
    ModelRef ref;
    @Option(names = "--from", required = true, paramLabel = "<sample>",
            description = "The sample: training or validation inputs with the model's scores, at most 1,000,000 rows.")
    Path sample;
    @Option(names = "--score-column", paramLabel = "<column>", description = "The score column (default: 'score' when the sample has it).")
    String score;
    @Option(names = "--confidence-column", paramLabel = "<column>",
            description = "The confidence column (default: 'confidence' when the sample has it).")
    String confidence;
    @Option(names = "--label-column", paramLabel = "<column>", description = "The label column (default: 'label' when the sample has it).")
    String label;
    @Option(names = "--timestamp-column", paramLabel = "<column>",
            description = "The timestamp column (default: 'timestamp' when the sample has it).")
    String timestamp;

    @Override
    public Integer call() {
        Baselines.Profiled done = write.services().baselines(new TabularFiles(), new ProfileJson())
                .profile(ref, sample, new Baselines.ColumnNames(score, confidence, label, timestamp));
        Profile p = done.profile();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", ref.name());
            m.put("version", ref.version());
            m.put("source", p.source());
            m.put("source_sha256", p.sha256());
            m.put("rows", p.rows());
            List<Map<String, Object>> columns = new ArrayList<>();
            for (ColumnProfile c : p.columns()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("name", c.name());
                x.put("role", c.role().id());
                x.put("kind", c.kind().id());
                x.put("null_rate", c.nullRate());
                x.put("min", c.min());
                x.put("max", c.max());
                x.put("bins", c.shares().size());
                columns.add(x);
            }
            m.put("columns", columns);
            m.put("kind", done.attached().kind());
            m.put("sha256", done.attached().sha256());
            m.put("file", done.attached().file());
            m.put("changed", done.attached().changed());
            m.put("commit", done.attached().commit());
            Json.print(out, m);
            return ExitCodes.OK;
        }
        // the bins are in the JSON; the table keeps to 100 columns with two timestamps in a row
        Table t = new Table("COLUMN", "ROLE", "KIND", "NULLS", "MIN", "MAX");
        for (ColumnProfile c : p.columns()) {
            t.row(c.name(), c.role().id(), c.kind().id(), percent(c.nullRate()), number(c.min(), c.kind()), number(c.max(), c.kind()));
        }
        t.print(out);
        out.println(done.attached().changed()
                ? "Profiled " + p.rows() + " rows of " + p.source() + " and attached it to " + ref + " as " + Profile.KIND
                        + " (sha256:" + done.attached().sha256().shortHex() + ") [" + done.attached().commit().substring(0, 12) + "]"
                : ref + " already has this " + Profile.KIND + "; nothing changed");
        out.flush();
        return ExitCodes.OK;
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", share * 100);
    }

    private static String number(Double v, ColumnKind kind) {
        if (v == null) {
            return "-";
        }
        if (kind == ColumnKind.TIMESTAMP) {
            return Instant.ofEpochSecond((long) Math.floor(v)).toString();
        }
        if (v == 0 || Math.abs(v) >= 1e-4 && Math.abs(v) < 1e15) {
            // six significant digits, no trailing zeros: 0, 0.0001, 309, 119.99
            return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
