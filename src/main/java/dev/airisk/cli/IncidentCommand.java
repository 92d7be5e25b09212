package dev.airisk.cli;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.Durations;
import dev.airisk.core.model.Incident;
import dev.airisk.core.model.ModelName;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.release.Bytes;
import dev.airisk.core.release.Incidents;
import dev.airisk.core.release.Services;
import dev.airisk.core.scan.Severity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk incident}: incidents with a model in production, their timeline, documents and closing. */
@Command(name = "incident", description = "Incidents with a model version: open, note, attach, close, list, show. Each step is a signed record in the registry; needs the responder or releaser role.",
        subcommands = {IncidentCommand.Open.class, IncidentCommand.Note.class, IncidentCommand.Attach.class, IncidentCommand.Close.class,
                IncidentCommand.ListIncidents.class, IncidentCommand.Show.class},
        footerHeading = "%nExamples:%n",
        footer = {"  Open an incident (then roll back for it with 'airisk rollback --incident ID'), keep the inputs, close it:",
                "    airisk incident open churn@1.4.0 --env prod --severity high --summary \"scores drifted\" --detected-at 2026-12-04T09:41:00Z",
                "    airisk incident note INC-20261204-1 --mitigated --text \"traffic back on 1.3.0\"",
                "    airisk incident attach INC-20261204-1 --inputs predictions-0941.csv.gz",
                "    airisk incident close INC-20261204-1 --root-cause \"upstream unit change\" --review review.pdf"})
final class IncidentCommand {
    @Mixin HelpOption help;

    @Command(name = "open", description = "Open an incident about a model version in one or more environments; consumers who asked for incident-opened hear of it.")
    static final class Open implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "<model@version>", description = "The version that misbehaves.")
        ModelRef ref;
        @Option(names = "--env", required = true, arity = "1..*", paramLabel = "<env>", description = "The environments it happens in.")
        List<String> envs;
        @Option(names = "--severity", required = true, paramLabel = "<severity>", description = "low, medium, high or critical.")
        String severity;
        @Option(names = "--summary", required = true, paramLabel = "<text>", description = "One line saying what happened.")
        String summary;
        @Option(names = "--detected-at", paramLabel = "<time>",
                description = "When the problem was seen (ISO-8601, e.g. 2026-12-04T09:41:00Z; default: now): the rollback SLA counts from it.")
        String detectedAt;
        @Option(names = "--detection", paramLabel = "<text>", description = "How it was seen (an alert, a ticket), recorded with the detection.")
        String detection;

        @Override
        public Integer call() {
            Severity s = Severity.parse(severity);
            Instant at = instant("--detected-at", detectedAt);
            return print(spec, output, write.services().incidents().open(ref, envs, s, summary, at, detection), "Opened");
        }
    }

    @Command(name = "note", description = "Add a note to an open incident's timeline; --mitigated records that the harm was stopped.")
    static final class Note implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "<id>", description = "The incident, e.g. INC-20261204-1.")
        String id;
        @Option(names = "--text", paramLabel = "<text>", description = "The note (needed unless --mitigated).")
        String text;
        @Option(names = "--mitigated", description = "Record that the harm was stopped.")
        boolean mitigated;
        @Option(names = "--at", paramLabel = "<time>", description = "When it happened (ISO-8601; default: now).")
        String at;

        @Override
        public Integer call() {
            Instant when = instant("--at", at);
            return print(spec, output, write.services().incidents().note(id, text, mitigated, when), mitigated ? "Mitigated" : "Noted");
        }
    }

    @Command(name = "attach", description = "Store a document with an incident (content-addressed in the store, recorded signed): --inputs for an archive of the model's inputs during the incident, or FILE --kind KIND.")
    static final class Attach implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Parameters(index = "0", paramLabel = "<id>", description = "The incident.")
        String id;
        @Parameters(index = "1", arity = "0..1", paramLabel = "<file>", description = "The document (with --kind).")
        Path file;
        @Option(names = "--kind", paramLabel = "<kind>", description = "What the document is, e.g. post-incident-review or timeline-export.")
        String kind;
        @Option(names = "--inputs", paramLabel = "<file>", description = "An archive of the model's inputs during the incident (kind inputs).")
        Path inputs;

        @Override
        public Integer call() {
            if ((inputs == null) == (file == null)) {
                throw new InvalidInput(inputs == null ? "nothing to attach" : "give either --inputs FILE or FILE --kind KIND, not both",
                        "pass --inputs FILE, or FILE --kind KIND");
            }
            if (file != null && kind == null) {
                throw new InvalidInput("the kind of " + file + " is not given", "pass --kind KIND, e.g. --kind " + Incident.REVIEW);
            }
            if (inputs != null && kind != null) {
                throw new InvalidInput("--kind does not go with --inputs", "--inputs attaches kind " + Incident.INPUTS + "; drop --kind");
            }
            Incidents.Written w = inputs != null ? write.services().incidents().attach(id, Incident.INPUTS, inputs)
                    : write.services().incidents().attach(id, kind, file);
            return print(spec, output, w, "Attached to");
        }
    }

    @Command(name = "close", description = "Close an open incident with its root cause; tiers whose policy says require_review also need a post-incident review document (--review FILE, or attached before). Consumers who asked for incident-closed hear of it.")
    static final class Close implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "<id>", description = "The incident.")
        String id;
        @Option(names = "--root-cause", paramLabel = "<text>", description = "What caused it.")
        String rootCause;
        @Option(names = "--review", paramLabel = "<file>", description = "The post-incident review document, attached as it closes.")
        Path review;

        @Override
        public Integer call() {
            return print(spec, output, write.services().incidents().close(id, rootCause, review), "Closed");
        }
    }

    @Command(name = "list", description = "List open incidents (with --all, closed ones too), newest first.")
    static final class ListIncidents implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ReadOptions read;
        @Mixin OutputOptions output;
        @Option(names = "--model", paramLabel = "<model>", description = "Only this model's incidents.")
        String model;
        @Option(names = "--all", description = "Closed incidents too.")
        boolean all;

        @Override
        public Integer call() {
            if (model != null) {
                ModelName.require(model);
            }
            List<Incident> found = read.services().incidents().list(model, all);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Json.print(out, Map.of("incidents", found.stream().map(IncidentCommand::json).toList()));
                return ExitCodes.OK;
            }
            if (found.isEmpty()) {
                out.println(all ? "No incidents" : "No open incidents");
                out.flush();
                return ExitCodes.OK;
            }
            Table t = new Table("ID", "VERSION", "SEVERITY", "STATUS", "ENVIRONMENTS", "OPENED", "SUMMARY").keep(0, 5);
            found.forEach(i -> t.row(i.id(), i.ref(), i.severity().id(), status(i), String.join(",", i.environments()),
                    i.openedAt().truncatedTo(ChronoUnit.SECONDS), i.summary()));
            t.print(out);
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "Show an incident: its timeline, documents, root cause, and the time from detection to rollback against the tier's rollback SLA.")
    static final class Show implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin ReadOptions read;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "<id>", description = "The incident.")
        String id;

        Show(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Services services = read.services();
            Incidents.Report r = services.incidents().show(id);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Map<String, Object> m = json(r.incident());
                m.put("detection_to_rollback_seconds", r.detectionToRollback() == null ? null : r.detectionToRollback().toSeconds());
                m.put("rollback_sla_seconds", r.sla() == null ? null : r.sla().toSeconds());
                m.put("rollback_sla", r.slaVerdict());
                m.put("review_required", r.reviewRequired());
                Json.print(out, m);
                return ExitCodes.OK;
            }
            Incident i = r.incident();
            out.println("Incident " + i.id() + " (" + i.severity().id() + ") on " + i.ref() + ": " + status(i));
            Table.hanging(out, "Summary: ", i.summary());
            out.println("Environments: " + String.join(", ", i.environments()) + "; versions: "
                    + String.join(", ", i.versions().stream().map(Object::toString).toList())
                    + "; risk tier: " + (i.tier() == null ? "none" : i.tier().id()));
            out.println("Detection to rollback: " + (r.detectionToRollback() == null ? "not rolled back" : Durations.human(r.detectionToRollback()))
                    + (r.sla() == null ? " (the tier sets no rollback SLA)" : " (SLA " + Durations.human(r.sla()) + ": " + r.slaVerdict() + ")"));
            if (i.rootCause() != null) {
                Table.hanging(out, "Root cause: ", i.rootCause());
            }
            if (r.reviewRequired() && !i.closed()) {
                out.println("Closing needs a root cause and a " + Incident.REVIEW + " document" + (i.has(Incident.REVIEW) ? " (attached)" : ""));
            }
            out.println();
            KeyNames names = KeyNames.of(ctx, services);
            Table t = new Table("TIME", "EVENT", "BY", "DETAIL").keep(0);
            for (Incident.Entry e : i.byTime()) {
                t.row(e.at().truncatedTo(ChronoUnit.SECONDS), e.kind().id(), names.label(e.by()), detail(e));
            }
            t.print(out);
            return ExitCodes.OK;
        }
    }

    /** {@code text} as a time, or null when not given; InvalidInput naming {@code option} otherwise. */
    static Instant instant(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(option + " '" + text + "' is not a time", "give an ISO-8601 UTC time, e.g. 2026-11-26T09:41:00Z");
        }
    }

    private static String status(Incident i) {
        return i.closed() ? "closed" : "open";
    }

    private static String detail(Incident.Entry e) {
        List<String> parts = new ArrayList<>();
        if (e.kind() == Incident.Kind.ROLLED_BACK) {
            parts.add(e.env() + ": " + e.from() + " -> " + e.to());
        }
        if (e.evaluation() != null) {
            parts.add("evaluation sha256:" + e.evaluation().shortHex());
        }
        Incident.Attached a = e.attachment();
        if (a != null) {
            parts.add(a.kind() + " '" + a.name() + "' (" + Bytes.human(a.size()) + ", sha256:" + a.sha256().shortHex() + ")");
        }
        if (e.text() != null) {
            parts.add(e.text());
        }
        return String.join("; ", parts);
    }

    private static int print(CommandSpec spec, OutputOptions output, Incidents.Written w, String verb) {
        PrintWriter out = spec.commandLine().getOut();
        Incident i = w.incident();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("incident", json(i));
            m.put("file", w.file());
            m.put("commit", w.commit());
            Json.print(out, m);
        } else {
            out.println(verb + " incident " + i.id() + " (" + i.severity().id() + ") on " + i.ref() + " in "
                    + String.join(", ", i.environments()) + " [" + w.commit().substring(0, 12) + "]");
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** An incident as JSON (docs/json.md, "incident"). */
    static Map<String, Object> json(Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("model", i.ref().name());
        m.put("version", i.ref().version());
        m.put("tier", i.tier());
        m.put("severity", i.severity().id());
        m.put("status", status(i));
        m.put("summary", i.summary());
        m.put("environments", i.environments());
        m.put("versions", i.versions());
        m.put("detected_at", i.detectedAt());
        m.put("opened_at", i.openedAt());
        m.put("rolled_back_at", i.rollback().map(Incident.Entry::at).orElse(null));
        m.put("mitigated_at", i.first(Incident.Kind.MITIGATED).map(Incident.Entry::at).orElse(null));
        m.put("closed_at", i.first(Incident.Kind.CLOSED).map(Incident.Entry::at).orElse(null));
        m.put("root_cause", i.rootCause());
        m.put("attachments", i.attachments().stream().map(IncidentCommand::json).toList());
        List<Object> timeline = new ArrayList<>();
        for (Incident.Entry e : i.timeline()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("kind", e.kind().id());
            x.put("at", e.at());
            x.put("by", e.by());
            x.put("text", e.text());
            x.put("environment", e.env());
            x.put("from", e.from());
            x.put("to", e.to());
            x.put("evaluation", e.evaluation());
            x.put("attachment", e.attachment() == null ? null : json(e.attachment()));
            timeline.add(x);
        }
        m.put("timeline", timeline);
        return m;
    }

    private static Map<String, Object> json(Incident.Attached a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", a.kind());
        m.put("name", a.name());
        m.put("size", a.size());
        m.put("sha256", a.sha256());
        return m;
    }
}
