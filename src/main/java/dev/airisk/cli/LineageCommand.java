package dev.airisk.cli;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.DatasetRef;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.release.Lineage;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk lineage}: where a version came from, or which versions used a dataset. */
@Command(name = "lineage", description = "Show a version's datasets, code commit and base models (followed recursively), or with --dataset which versions were trained on a dataset.")
final class LineageCommand implements Callable<Integer> {
    enum Format { text, json, dot, mermaid }

    @Spec CommandSpec spec;
    @Mixin ReadOptions read;
    @Parameters(paramLabel = "<model@version>", arity = "0..1", description = "The version whose lineage to show.")
    ModelRef ref;
    @Option(names = "--dataset", paramLabel = "<name@version>", description = "List the versions trained on this dataset.")
    String dataset;
    @Option(names = "--format", paramLabel = "<format>", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.text;

    @Override
    public Integer call() {
        if ((ref == null) == (dataset == null)) {
            throw new InvalidInput("give either NAME@VERSION or --dataset NAME@VERSION", "e.g. 'airisk lineage churn@1.4.0'");
        }
        Lineage lineage = read.services().lineage();
        PrintWriter out = spec.commandLine().getOut();
        if (dataset != null) {
            if (!dataset.matches("[^@=\\s]+@[^@=\\s]+")) {
                throw new InvalidInput("dataset '" + dataset + "' is not NAME@VERSION", "e.g. --dataset customers@2024-06");
            }
            usersOf(out, dataset, lineage.usersOf(dataset));
        } else {
            Lineage.Node root = lineage.of(ref);
            switch (format) {
                case json -> Json.print(out, VersionOutput.LineageNode.of(root));
                case dot -> dot(out, root);
                case mermaid -> mermaid(out, root);
                default -> text(out, root, "", "");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void usersOf(PrintWriter out, String key, List<Lineage.DatasetUse> uses) {
        switch (format) {
            case json -> Json.print(out, VersionOutput.DatasetUsers.of(key, uses));
            case dot -> {
                out.println("digraph lineage {");
                out.println("  rankdir=LR;");
                uses.forEach(u -> out.println("  " + q("dataset " + key) + " -> " + q(u.ref().toString()) + ";"));
                out.println("}");
            }
            case mermaid -> {
                out.println("graph LR");
                uses.forEach(u -> out.println("  " + id("d:" + key) + "[(\"" + key + "\")] --> " + id(u.ref().toString()) + "[\"" + u.ref() + "\"]"));
            }
            default -> {
                if (uses.isEmpty()) {
                    out.println("No registered version was trained on " + key);
                }
                uses.forEach(u -> out.println(u.ref() + "  (dataset sha256:" + u.datasetSha256().shortHex() + ")"));
            }
        }
    }

    private static void text(PrintWriter out, Lineage.Node n, String indent, String label) {
        String status = n.cycle() ? " (cycle)" : n.registered() ? " root sha256:" + n.rootDigest().shortHex() : " (not registered)";
        out.println(indent + label + n.ref() + status);
        String in = indent + "  ";
        if (n.codeCommit() != null) {
            out.println(in + "code commit " + n.codeCommit());
        }
        for (DatasetRef d : n.datasets()) {
            out.println(in + "dataset " + d.key() + " sha256:" + d.sha256().shortHex());
        }
        for (Lineage.Node b : n.baseModels()) {
            text(out, b, in, "base ");
        }
    }

    private static void dot(PrintWriter out, Lineage.Node root) {
        out.println("digraph lineage {");
        out.println("  rankdir=LR;");
        Set<String> lines = new LinkedHashSet<>();
        edges(root, (from, to, kind) -> {
            if (kind.equals("dataset")) {
                lines.add("  " + q(to) + " [shape=cylinder];");
            } else if (kind.equals("code")) {
                lines.add("  " + q(to) + " [shape=note];");
            }
            lines.add("  " + q(to) + " -> " + q(from) + " [label=" + q(kind) + "];");
        });
        lines.forEach(out::println);
        out.println("}");
    }

    private static void mermaid(PrintWriter out, Lineage.Node root) {
        out.println("graph LR");
        Set<String> lines = new LinkedHashSet<>();
        edges(root, (from, to, kind) -> {
            String shape = switch (kind) {
                case "dataset" -> "[(\"" + to + "\")]";
                case "code" -> "[/\"" + to + "\"/]";
                default -> "[\"" + to + "\"]";
            };
            lines.add("  " + id(to) + shape + " -->|" + kind + "| " + id(from) + "[\"" + from + "\"]");
        });
        lines.forEach(out::println);
    }

    private interface Edge {
        void add(String from, String to, String kind);
    }

    private static void edges(Lineage.Node n, Edge edge) {
        String self = n.ref().toString();
        if (n.codeCommit() != null) {
            edge.add(self, "code " + n.codeCommit(), "code");
        }
        for (DatasetRef d : n.datasets()) {
            edge.add(self, "dataset " + d.key(), "dataset");
        }
        for (Lineage.Node b : n.baseModels()) {
            edge.add(self, b.ref().toString(), "base");
            if (!b.cycle()) {
                edges(b, edge);
            }
        }
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String id(String s) {
        return "n" + Integer.toHexString(s.hashCode() & 0x7fffffff) + "_" + s.replaceAll("[^A-Za-z0-9]", "_");
    }
}
