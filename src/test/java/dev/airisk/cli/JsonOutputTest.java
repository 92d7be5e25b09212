package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * {@code --format json} prints exactly one JSON document on one line per run, for every command of the
 * command tree that offers it: a cron job appending runs to one log can read it line by line.
 */
class JsonOutputTest {
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @TempDir
    Path tmp;

    /** Every leaf command whose {@code --format} offers json, by qualified name without "airisk ", in tree order. */
    static List<String> jsonCommands() {
        List<String> out = new ArrayList<>();
        try (Context ctx = new Context(Map.of(Context.HOME, "/nonexistent"), null)) {
            collect(Cli.commandLine(ctx), out);
        }
        return out;
    }

    private static void collect(CommandLine cl, List<String> out) {
        if (cl.getSubcommands().isEmpty()) {
            OptionSpec format = cl.getCommandSpec().findOption("--format");
            if (format != null && format.completionCandidates() != null) {
                for (String c : format.completionCandidates()) {
                    if (c.equals("json")) {
                        out.add(cl.getCommandSpec().qualifiedName(" ").substring("airisk ".length()));
                    }
                }
            }
            return;
        }
        Set<CommandLine> seen = new LinkedHashSet<>(cl.getSubcommands().values());
        for (CommandLine sub : seen) {
            collect(sub, out);
        }
    }

    @Test
    void everyCommand_printsOneJsonDocumentOnOneLine() throws IOException {
        Harness h = Harness.initialised(tmp);
        h.env.put(Context.KEY, "alice");
        h.ok("keys", "generate", "--name", "bob");
        h.ok("keys", "generate", "--name", "dave");
        Path bob = Files.writeString(tmp.resolve("bob.pub.pem"), h.ok("keys", "export-public", "--name", "bob").out());
        Path dave = Files.writeString(tmp.resolve("dave.pub.pem"), h.ok("keys", "export-public", "--name", "dave").out());
        h.ok("keys", "trust", bob.toString(), "--role", "approver");
        String daveId = h.ok("keys", "trust", dave.toString(), "--role", "approver", "--format", "json").json().get("key_id").asText();
        Path model = h.model("model", "weights");
        Path meta = h.releasableMeta();
        h.ok("register", model.toString(), "--model", "m", "--version", "1.0.0", "--meta", meta.toString());
        h.ok("register", model.resolve("tokenizer").toString(), "--model", "m", "--version", "1.1.0", "--meta", meta.toString());
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), "checklist: [{id: oversight, text: Human oversight}]\n");
        Path doc = Files.writeString(tmp.resolve("audit.txt"), "bias audit\n");

        Map<String, List<String[]>> runs = new LinkedHashMap<>();
        runs.put("keys generate", List.<String[]>of(new String[] {"--name", "carol"}));
        runs.put("keys export-public", List.<String[]>of(new String[] {"--name", "bob"}));
        runs.put("keys set-default", List.<String[]>of(new String[] {"alice"}));
        runs.put("keys trust", List.<String[]>of(new String[] {bob.toString(), "--role", "approver"}));
        runs.put("keys revoke", List.<String[]>of(new String[] {daveId, "--yes"}));
        runs.put("init", List.<String[]>of(new String[] {"--registry", tmp.resolve("other.git").toString()}, new String[0]));
        runs.put("clone", List.<String[]>of(new String[] {h.registry.toUri().toString()}));
        runs.put("register", List.<String[]>of(
                new String[] {model.toString(), "--model", "m", "--version", "1.2.0", "--meta", meta.toString()}));
        runs.put("verify", List.<String[]>of(new String[] {"m@1.0.0"}, new String[] {"nosuch@1.0.0"}));
        runs.put("show", List.<String[]>of(new String[] {"m"}, new String[] {"m@1.0.0"}));
        runs.put("list", List.<String[]>of(new String[0], new String[] {"m"}));
        runs.put("lineage", List.<String[]>of(new String[] {"m@1.0.0"}));
        runs.put("pull", List.<String[]>of(new String[] {"m@1.0.0", "--to", tmp.resolve("pulled").toString()}));
        runs.put("export", List.<String[]>of(new String[] {"m@1.0.0", "--to", tmp.resolve("m.tar.gz").toString()}));
        runs.put("policy validate", List.<String[]>of(new String[] {policy.toString()}));
        runs.put("policy set", List.<String[]>of(new String[] {policy.toString()}));
        runs.put("check", List.<String[]>of(new String[] {"m@1.0.0", "--to", "dev"}, new String[] {"m@1.0.0", "--to", "prod"}));
        runs.put("attach", List.<String[]>of(new String[] {"m@1.0.0", doc.toString(), "--kind", "bias-audit"}));
        runs.put("checklist", List.<String[]>of(new String[] {"m@1.0.0", "--answer", "oversight=yes", "--evidence", "E-1"}));
        runs.put("approve", List.<String[]>of(new String[] {"m@1.0.0", "--for", "prod", "--role", "approver", "--key", "bob"}));
        runs.put("reject", List.<String[]>of(new String[] {"m@1.1.0", "--for", "prod", "--role", "approver", "--key", "bob"}));
        runs.put("promote", List.<String[]>of(new String[] {"m@1.0.0", "--to", "dev"}));
        runs.put("canary start", List.<String[]>of(new String[] {"m@1.1.0", "--env", "dev", "--weight", "10"}));
        runs.put("canary set-weight", List.<String[]>of(new String[] {"m", "20", "--env", "dev"}));
        runs.put("canary abort", List.<String[]>of(new String[] {"m", "--env", "dev", "--reason", "drift"}));
        runs.put("canary promote", List.<String[]>of(new String[] {"m", "--env", "dev"}));
        runs.put("rollback", List.<String[]>of(new String[] {"m", "--env", "dev", "--reason", "INC-1", "--yes"}));
        runs.put("deprecate", List.<String[]>of(
                new String[] {"m@1.1.0", "--retire-on", "2031-01-01", "--reason", "superseded"}));
        runs.put("undeprecate", List.<String[]>of(new String[] {"m@1.1.0", "--reason", "still used"}));
        runs.put("consumers add", List.<String[]>of(new String[] {"billing", "--model", "m", "--events", "deprecated",
                "--file", tmp.resolve("notices.jsonl").toString()}));
        runs.put("consumers remove", List.<String[]>of(new String[] {"billing"}));
        runs.put("gc", List.<String[]>of(new String[] {"--dry-run"}));
        runs.put("history", List.<String[]>of(new String[] {"m"}));
        runs.put("evidence", List.<String[]>of(new String[] {"m@1.0.0"}));
        runs.put("scan", List.<String[]>of(new String[] {model.toString()}));

        List<String> commands = jsonCommands();
        assertTrue(commands.containsAll(List.of("keys trusted", "canary abort", "audit verify", "log", "notify", "scan")),
                commands.toString());
        Set<String> failing = new TreeSet<>();
        for (String command : commands) {
            // A command without prepared arguments still runs (and usually fails as a usage error): still one line at most.
            for (String[] extra : runs.getOrDefault(command, List.<String[]>of(new String[0]))) {
                List<String> args = new ArrayList<>(List.of(command.split(" ")));
                args.addAll(List.of(extra));
                args.add("--format");
                args.add("json");
                Harness.Result r = h.run(args.toArray(String[]::new));
                String what = "airisk " + String.join(" ", args) + " (exit " + r.code() + ")\nstdout: " + r.out() + "\nstderr: " + r.err();
                // A value of the core that reached the JSON mapper unconverted is a bug, reported as such.
                assertFalse(r.err().contains("unexpected internal error"), what);
                if (r.code() == 0) {
                    assertEquals(1, r.out().lines().count(), what);
                } else {
                    failing.add(command);
                    assertTrue(r.out().lines().count() <= 1, what);
                    assertTrue(r.err().startsWith("airisk: error: "), what);
                }
                if (!r.out().isEmpty()) {
                    assertTrue(r.out().endsWith("\n"), what);
                    assertFalse(r.out().strip().contains("\n"), what);
                    STRICT.readTree(r.out());
                }
            }
        }
        // The runs that were meant to fail did, and so the failing path was exercised with a JSON report and without.
        assertTrue(failing.containsAll(Set.of("verify", "check", "init")), failing.toString());
    }
}
