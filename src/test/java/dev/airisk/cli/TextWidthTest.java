package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text output fits 100 columns: tables keep one row per item and wrap long cells onto continuation lines. */
class TextWidthTest {
    private static final String POLICY = """
            tiers:
              high:
                checklist: true
                approvals:
                  prod: {risk-committee: 2}
            checklist:
              - id: risk-management-system-established-documented-and-maintained
                text: A risk management system is in place (Art. 9).
              - id: data-governance-of-training-validation-and-testing-data-sets
                text: Data governance (Art. 10).
              - id: technical-documentation-drawn-up-before-placing-on-the-market
                text: Technical documentation (Art. 11).
              - id: human-oversight-measures-identified-and-built-into-the-system
                text: Human oversight (Art. 14).
              - id: accuracy-robustness-and-cybersecurity-appropriate-levels
                text: Accuracy, robustness and cybersecurity (Art. 15).
            """;

    @TempDir
    Path tmp;

    static void fits(Harness.Result r) {
        for (String line : r.out().lines().toList()) {
            assertTrue(line.length() <= Table.WIDTH, () -> line.length() + " columns: " + line + "\n" + r.out());
        }
        for (String line : r.err().lines().toList()) {
            assertTrue(line.startsWith("airisk: error: ") || line.length() <= Table.WIDTH, () -> line.length() + " columns: " + line);
        }
    }

    @Test
    void check_withLongFailingChecklist_wrapsTheReasonWithinOneHundredColumns() throws IOException {
        Harness h = Harness.initialised(tmp);
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), POLICY);
        h.ok("policy", "set", policy.toString());
        Path meta = h.writeMeta("""
                owner: credit-risk-models-and-decisioning-platform@bank.example.com
                risk_tier: high
                intended_use: Credit limit recommendations for existing retail customers, reviewed by an analyst before any change.
                description: A gradient-boosted model over application and bureau features, retrained monthly on the last 24 months.
                datasets:
                  - {name: retail-credit-applications-and-bureau-snapshots, version: 2026-10, sha256: 9f2b5c0e7d4a1f38c6b2e9d07a5f4c3b1e8d2a6f0c9b7e5d3a1f4c2b8e6d0a97}
                code_commit: 3f2c9d41b7e8a6c5d4f3e2a1b0c9d8e7f6a5b4c3
                regions: [eu-west-1, eu-central-1, eu-north-1]
                """);
        Path model = h.model("model-with-a-rather-long-folder-name", "weights");
        Files.createDirectories(model.resolve("tokenizer/very/deeply/nested/folder/of/the/tokenizer/files"));
        Files.writeString(model.resolve("tokenizer/very/deeply/nested/folder/of/the/tokenizer/files/merges.txt"), "a b\n");
        h.ok("register", model.toString(), "--model", "credit-limit-recommendations", "--version", "1.0.0-rc.1+build.20261126",
                "--meta", meta.toString());
        String ref = "credit-limit-recommendations@1.0.0-rc.1+build.20261126";

        Harness.Result check = h.run("check", ref, "--to", "dev");
        assertEquals(3, check.code(), check.err());
        fits(check);
        // one row per gate: every gate's name starts a line
        for (String gate : List.of("checklist", "approvals")) {
            assertEquals(1, check.out().lines().filter(l -> l.startsWith(gate + " ")).count(), check.out());
        }
        String words = check.out().replaceAll("\\s+", " ");
        assertTrue(words.contains("accuracy-robustness-and-cybersecurity-appropriate-levels unanswered"), words);
        assertTrue(words.contains("fix: answer with 'airisk checklist " + ref), words);

        List<String> answers = new ArrayList<>(List.of("checklist", ref));
        for (String item : POLICY.lines().filter(l -> l.contains("- id: ")).map(l -> l.substring(l.indexOf(": ") + 2)).toList()) {
            answers.addAll(List.of("--answer", item + "=yes", "--evidence", "https://docs.bank.example.com/model-risk/credit/" + item));
        }
        h.ok(answers.toArray(String[]::new));
        h.ok("promote", ref, "--to", "dev");
        h.ok("consumers", "add", "billing-and-collections-platform", "--model", "credit-limit-recommendations",
                "--events", "deprecated,retired,promoted,rolled-back,canary", "--file", tmp.resolve("notices.jsonl").toString());
        h.ok("deprecate", ref, "--retire-on", "2031-01-15", "--reason",
                "Superseded by the 2027 model, which adds the affordability features the regulator asked for in its review");
        for (String[] args : List.of(new String[] {"status"}, new String[] {"list"}, new String[] {"list", "credit-limit-recommendations"},
                new String[] {"notices"}, new String[] {"history", "credit-limit-recommendations"}, new String[] {"log"},
                new String[] {"show", ref}, new String[] {"show", "credit-limit-recommendations"}, new String[] {"keys", "trusted"},
                new String[] {"consumers", "list"}, new String[] {"policy", "show"}, new String[] {"evidence", ref})) {
            Harness.Result r = h.run(args);
            assertEquals(0, r.code(), () -> String.join(" ", args) + ": " + r.err());
            fits(r);
        }
    }

    @Test
    void table_wrapsWideCellsAndKeepsNarrowOnes() {
        Table t = new Table("ID", "MESSAGE", "FIX");
        t.row("a", "word ".repeat(60).strip(), "x".repeat(130));
        StringWriter s = new StringWriter();
        t.print(new PrintWriter(s));
        List<String> lines = s.toString().lines().toList();
        assertTrue(lines.stream().allMatch(l -> l.length() <= Table.WIDTH), s.toString());
        assertTrue(lines.get(0).startsWith("ID  MESSAGE"), s.toString());
        assertTrue(lines.get(1).startsWith("a   word word"), s.toString());
        assertEquals(String.join("", lines.subList(1, lines.size()).stream().map(l -> l.replaceAll("[^x]", "")).toList()),
                "x".repeat(130));
    }
}
