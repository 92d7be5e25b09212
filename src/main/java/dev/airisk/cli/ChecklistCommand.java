package dev.airisk.cli;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.Limits;
import dev.airisk.core.Printable;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.policy.ChecklistAnswer;
import dev.airisk.core.port.RegistryCodec.ChecklistAnswerInput;
import dev.airisk.core.release.Evidence;
import java.io.PrintWriter;
import java.nio.file.Path;
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

/** {@code airisk checklist}: signed answers to the policy's high-risk checklist. */
@Command(name = "checklist", description = "Record signed answers to the policy's EU AI Act high-risk checklist for a version: --answer ITEM=yes --evidence TEXT (pairs in order), or --file ANSWERS.yaml.")
final class ChecklistCommand implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin WriteOptions write;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<model@version>", description = "The version.")
    ModelRef ref;
    @Option(names = "--answer", paramLabel = "<item=answer>", description = "An answer: yes, no, partial or n/a. Repeatable.")
    List<String> answers = new ArrayList<>();
    @Option(names = "--evidence", paramLabel = "<text>", description = "Evidence for the answer at the same position (a document id or link). Repeatable.")
    List<String> evidence = new ArrayList<>();
    @Option(names = "--file", paramLabel = "<answers.yaml>", description = "Answers as YAML: ITEM: {answer: yes, evidence: TEXT}.")
    Path file;

    ChecklistCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        List<ChecklistAnswerInput> given = new ArrayList<>();
        byte[] yaml = null;
        if (file != null) {
            if (!answers.isEmpty() || !evidence.isEmpty()) {
                throw new InvalidInput("give answers either with --answer/--evidence or with --file", "use one of the two forms");
            }
            yaml = ctx.inputs().read(file, Limits.CHECKLIST_ANSWERS, "an answers YAML file");
        } else {
            if (evidence.size() > answers.size()) {
                throw new InvalidInput("there are more --evidence than --answer options", "give each --evidence right after its --answer");
            }
            for (int i = 0; i < answers.size(); i++) {
                String a = answers.get(i);
                int eq = a.indexOf('=');
                if (eq <= 0 || eq == a.length() - 1) {
                    throw new InvalidInput("--answer '" + a + "' is not ITEM=ANSWER", "e.g. --answer risk-management=yes --evidence RMS-2026-04");
                }
                given.add(new ChecklistAnswerInput(a.substring(0, eq), a.substring(eq + 1), i < evidence.size() ? evidence.get(i) : null));
            }
        }
        Evidence evidenceUseCase = write.services().evidence();
        Evidence.Answered done = yaml != null ? evidenceUseCase.answer(ref, yaml, file.getFileName().toString())
                : evidenceUseCase.answer(ref, given);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", ref.name());
            m.put("version", ref.version());
            m.put("answers", done.answers().stream().map(a -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("item", a.item());
                x.put("answer", a.answer().id());
                x.put("evidence", a.evidence());
                return x;
            }).toList());
            m.put("file", done.file());
            m.put("commit", done.commit());
            Json.print(out, m);
        } else {
            for (ChecklistAnswer a : done.answers()) {
                out.println(Printable.oneLine(a.item() + ": " + a.answer().id() + (a.evidence() == null ? "" : " (" + a.evidence() + ")")));
            }
            out.println("Recorded " + done.answers().size() + " answers for " + ref + " [" + done.commit().substring(0, 12) + "]");
            out.flush();
        }
        return ExitCodes.OK;
    }
}
