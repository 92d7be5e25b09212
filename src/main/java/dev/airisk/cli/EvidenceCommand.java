package dev.airisk.cli;

import dev.airisk.core.Printable;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.policy.Approval;
import dev.airisk.core.policy.Attachment;
import dev.airisk.core.policy.ChecklistAnswer;
import dev.airisk.core.release.Bytes;
import dev.airisk.core.release.Evidence;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk evidence NAME@VER}: a version's approvals, attachments and checklist answers, and what counts. */
@Command(name = "evidence", description = "Show a version's signed evidence: approvals and rejections (by whom, for which environment and role, "
        + "when, until when, and whether each still counts), attachments and checklist answers.")
final class EvidenceCommand implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin RegistryOptions registry;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<model@version>", description = "The version.")
    ModelRef ref;

    EvidenceCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        var services = ctx.services(registry, null);
        Evidence.Report report = services.evidence().report(ref);
        KeyNames names = KeyNames.of(ctx, services);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, json(report, names));
        } else {
            text(out, report, names);
        }
        return ExitCodes.OK;
    }

    private static Map<String, Object> json(Evidence.Report report, KeyNames names) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ref", report.record().ref());
        m.put("root_digest", report.record().rootDigest());
        m.put("approvals", report.approvals().stream().map(s -> {
            Approval a = s.approval();
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("env", a.env());
            j.put("role", a.role());
            j.put("decision", a.decision().id());
            signer(j, a.keyId(), names);
            j.put("signed_at", a.at());
            j.put("expires_at", a.expires());
            j.put("comment", a.comment());
            j.put("counts", s.counts());
            j.put("why_not", s.why());
            j.put("file", a.file());
            return j;
        }).toList());
        m.put("attachments", report.attachments().stream().map(a -> {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("kind", a.kind());
            j.put("name", a.name());
            j.put("size", a.size());
            j.put("sha256", a.sha256());
            signer(j, a.keyId(), names);
            j.put("attached_at", a.at());
            j.put("file", a.file());
            return j;
        }).toList());
        m.put("checklist", report.answers().stream().map(e -> {
            ChecklistAnswer a = e.answer();
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("item", a.item());
            j.put("answer", a.answer().id());
            j.put("evidence", a.evidence());
            signer(j, a.keyId(), names);
            j.put("answered_at", a.at());
            j.put("current", e.current());
            return j;
        }).toList());
        m.put("unusable", report.unusable());
        return m;
    }

    /** {@code key_id} and {@code key_name} of the key that signed a statement. */
    private static void signer(Map<String, Object> j, String keyId, KeyNames names) {
        j.put("key_id", keyId);
        j.put("key_name", names.name(keyId));
    }

    private static void text(PrintWriter out, Evidence.Report report, KeyNames names) {
        Table.hanging(out, "", "Evidence of " + report.record().ref() + " (root " + report.record().rootDigest().shortHex() + ")");
        out.println();
        List<Evidence.Standing> approvals = report.approvals();
        if (approvals.isEmpty()) {
            out.println("Approvals: none");
        } else {
            out.println("Approvals:");
            Table t = new Table("ENV", "ROLE", "DECISION", "BY", "SIGNED", "VALID UNTIL", "COUNTS").keep(4, 5);
            for (Evidence.Standing s : approvals) {
                Approval a = s.approval();
                t.row(a.env(), a.role(), a.decision().id(), names.label(a.keyId()), seconds(a.at()),
                        a.expires() == null ? "no expiry" : seconds(a.expires()), s.counts() ? "yes" : "no");
                if (!s.counts()) {
                    t.note("does not count: " + s.why());
                }
                if (a.comment() != null && !a.comment().isBlank()) {
                    t.note("comment: " + a.comment());
                }
            }
            t.print(out);
        }
        out.println();
        List<Attachment> attachments = report.attachments();
        if (attachments.isEmpty()) {
            out.println("Attachments: none");
        } else {
            out.println("Attachments:");
            Table t = new Table("KIND", "NAME", "SIZE", "SHA256", "BY", "ATTACHED");
            attachments.forEach(a -> t.row(a.kind(), a.name(), Bytes.human(a.size()), a.sha256().shortHex(),
                    names.label(a.keyId()), seconds(a.at())));
            t.print(out);
        }
        out.println();
        List<Evidence.Answer> answers = report.answers();
        if (answers.isEmpty()) {
            out.println("Checklist answers: none");
        } else {
            out.println("Checklist answers:");
            Table t = new Table("ITEM", "ANSWER", "EVIDENCE", "BY", "ANSWERED", "CURRENT");
            answers.forEach(e -> t.row(e.answer().item(), e.answer().answer().id(), e.answer().evidence(),
                    names.label(e.answer().keyId()), seconds(e.answer().at()), e.current() ? "yes" : "no"));
            t.print(out);
        }
        if (!report.unusable().isEmpty()) {
            out.println();
            out.println("Unusable signed files (they count for nothing):");
            report.unusable().forEach(u -> Table.hanging(out, "  ", Printable.oneLine(u)));
        }
        out.flush();
    }

    private static Instant seconds(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS);
    }
}
