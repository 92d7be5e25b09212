package dev.airisk.cli;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.Durations;
import dev.airisk.core.model.ModelName;
import dev.airisk.core.release.AuditTrail;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airisk log}: every operation, read from the commit history's trailers. */
@Command(name = "log", description = "List the registry's operations, newest first, from the commit history (text, or one JSON document with --format json).")
final class LogCommand implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin ReadOptions read;
    @Mixin OutputOptions output;
    @Option(names = "--model", paramLabel = "<model>", description = "Only operations on this model.")
    String model;
    @Option(names = "--env", paramLabel = "<env>", description = "Only operations in this environment.")
    String env;
    @Option(names = "--actor", paramLabel = "<keyid>", description = "Only operations by this key (a key id or its prefix).")
    String actor;
    @Option(names = "--since", paramLabel = "<time>", description = "Only operations at or after this time (ISO-8601 time or date, or a duration like 7d).")
    String since;

    LogCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (model != null) {
            ModelName.require(model);
        }
        var services = read.services();
        if (env != null) {
            services.view().requireEnvironment(env);
        }
        List<AuditTrail.Entry> entries = services.log().log(new AuditTrail.Filter(model, env, actor, since(since, ctx.clock().instant())));
        print(spec.commandLine().getOut(), output, entries);
        return ExitCodes.OK;
    }

    static Instant since(String text, Instant now) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return now.minus(Durations.parse(text));
                } catch (InvalidInput e3) {
                    throw new InvalidInput("--since '" + text + "' is not a time, a date or a duration",
                            "give e.g. 2026-11-01, 2026-11-26T09:00:00Z or 7d");
                }
            }
        }
    }

    /** Text: a table, one row per operation. JSON: one document, {@code {operations: [...]}}. */
    static void print(PrintWriter out, OutputOptions output, List<AuditTrail.Entry> entries) {
        if (output.json()) {
            List<Map<String, Object>> operations = new ArrayList<>();
            for (AuditTrail.Entry e : entries) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("commit", e.commit());
                m.put("time", e.time());
                m.put("op", e.op());
                m.put("model", e.model());
                m.put("version", e.version());
                m.put("env", e.env());
                m.put("actor", e.actor());
                m.put("actor_name", e.actorName());
                m.put("subject", e.subject());
                m.put("trailers", e.trailers());
                operations.add(m);
            }
            Json.print(out, Map.of("operations", operations));
            return;
        }
        Table t = new Table("COMMIT", "TIME", "BY", "OPERATION");
        for (AuditTrail.Entry e : entries) {
            String sla = e.trailers().get("Airisk-Rollback-SLA");
            t.row(e.commit().substring(0, 12), e.time().truncatedTo(ChronoUnit.SECONDS), KeyNames.label(e.actor(), e.actorName()),
                    e.subject() + (sla == null ? "" : "  [SLA " + sla.split(" ")[0] + "]"));
        }
        t.print(out);
    }
}
