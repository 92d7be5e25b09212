package dev.airisk.cli;

import dev.airisk.core.model.ModelRef;
import dev.airisk.core.release.Deprecations;
import dev.airisk.core.release.Services;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk deprecate}: a version retires on a date; its consumers are told now and reminded before. */
@Command(name = "deprecate", description = "Deprecate a version: it retires on a date (00:00 UTC); consumers are notified and reminded.",
        footerHeading = "%nExamples:%n",
        footer = {"  Retire 1.3.0 on 15 January 2027, pointing consumers at 1.4.0:",
                "    airisk deprecate churn@1.3.0 --retire-on 2027-01-15 --replacement churn@1.4.0 --reason \"superseded by 1.4.0\""})
final class DeprecateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WriteOptions write;
    @Mixin OutputOptions output;
    @Mixin DryRunOption dryRun;
    @Parameters(paramLabel = "<model@version>", description = "The version to deprecate.")
    ModelRef ref;
    @Option(names = "--retire-on", required = true, paramLabel = "<date>",
            description = "The retirement date, YYYY-MM-DD (UTC): from 00:00 that day it cannot be promoted, canaried or pulled.")
    String retireOn;
    @Option(names = "--replacement", paramLabel = "<model@version>", description = "The version to use instead.")
    ModelRef replacement;
    @Option(names = "--reason", required = true, paramLabel = "<text>", description = "Why (consumers receive it).")
    String reason;

    @Override
    public Integer call() {
        Deprecations.Result result = deprecations(write.services(), dryRun)
                .deprecate(ref, Deprecations.parseDate(retireOn), replacement, reason);
        return print(spec.commandLine().getOut(), output, result, "deprecated", !result.changed()
                ? "Unchanged: " + ref + " is already deprecated, retiring on " + result.deprecation().retireOn()
                : (result.dryRun() ? "Would deprecate " : "Deprecated ") + ref + ": retires on " + result.deprecation().retireOn()
                + (replacement == null ? "" : " (use " + replacement + ")") + "; " + (result.dryRun() ? "would queue " : "queued ")
                + result.queued() + " notice(s)");
    }

    /** deprecate and undeprecate, as dry runs with {@code --dry-run}. */
    static Deprecations deprecations(Services services, DryRunOption dryRun) {
        return dryRun.on ? services.deprecations().dryRun() : services.deprecations();
    }

    static int print(PrintWriter out, OutputOptions output, Deprecations.Result r, String state, String line) {
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", r.ref().name());
            m.put("version", r.ref().version().toString());
            m.put("state", state);
            m.put("retire_on", r.deprecation().retireOn().toString());
            m.put("replacement", r.deprecation().replacement() == null ? null : r.deprecation().replacement().toString());
            m.put("changed", r.changed());
            m.put("queued", r.queued());
            m.put("cancelled", r.cancelled());
            m.put("commit", r.commit());
            m.put("dry_run", r.dryRun());
            Json.print(out, m);
        } else {
            out.println(line);
            out.flush();
        }
        return ExitCodes.OK;
    }
}
