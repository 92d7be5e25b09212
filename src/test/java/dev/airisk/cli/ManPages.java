package dev.airisk.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import org.asciidoctor.log.Severity;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The man pages, a build step (process-test-classes, one JVM): picocli's man-page generator writes
 * one AsciiDoc page per command and subcommand into {@code DIR/adoc} ({@code airisk.adoc},
 * {@code airisk-keys.adoc}, {@code airisk-keys-generate.adoc} ...), and Asciidoctor's manpage
 * backend converts each into troff in {@code DIR/man1} ({@code airisk-keys-generate.1}). A warning
 * of either fails the build. It lives among the tests so that neither tool is shipped.
 */
public final class ManPages {
    private ManPages() {
    }

    /** {@code ManPages DIR VERSION}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ManPages DIR VERSION");
        }
        write(Path.of(args[0]), args[1]);
    }

    /**
     * The root command as the pages describe it: the whole tree, without picocli's help subcommand,
     * each page naming the version. picocli's generator shows a footer only under a heading, which
     * becomes a section: "Examples:" is shown as EXAMPLES, a footer without one (the root's exit
     * codes and environment) as NOTES.
     */
    static CommandSpec tree(String version) {
        CommandSpec root = Generated.tree().getCommandSpec();
        root.removeSubcommand("help");
        name(root, "airisk " + version);
        return root;
    }

    private static void name(CommandSpec spec, String version) {
        spec.versionProvider(null);
        spec.version(version);
        if (spec.usageMessage().footer().length > 0) {
            String heading = spec.usageMessage().footerHeading().replace("%n", "").strip().replaceAll(":$", "");
            spec.usageMessage().footerHeading(heading.isEmpty() ? "Notes" : heading);
        }
        for (var sub : spec.subcommands().values()) {
            name(sub.getCommandSpec(), version);
        }
    }

    /** Writes the pages of {@code version} under {@code dir}, replacing any earlier ones; returns the troff pages. */
    static List<Path> write(Path dir, String version) throws IOException {
        Path adoc = dir.resolve("adoc");
        Path man1 = dir.resolve("man1");
        clear(adoc);
        clear(man1);
        int status = ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], true, tree(version));
        if (status != 0) {
            throw new IOException("picocli's man-page generator exited with " + status);
        }
        List<File> sources;
        try (Stream<Path> files = Files.list(adoc)) {
            sources = files.filter(p -> p.toString().endsWith(".adoc")).sorted().map(Path::toFile).toList();
        }
        List<String> problems = new ArrayList<>();
        try (Asciidoctor asciidoctor = Asciidoctor.Factory.create()) {
            asciidoctor.registerLogHandler(r -> {
                if (r.getSeverity().compareTo(Severity.WARN) >= 0 && r.getSeverity() != Severity.UNKNOWN) {
                    problems.add(r.getSeverity() + ": " + (r.getCursor() == null ? "" : r.getCursor() + ": ") + r.getMessage());
                }
            });
            Options options = Options.builder().backend("manpage").docType("manpage").safe(SafeMode.UNSAFE)
                    .toDir(man1.toFile()).mkDirs(true).standalone(true).build();
            for (File source : sources) {
                asciidoctor.convertFile(source, options);
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException("Asciidoctor reported " + String.join("; ", problems));
        }
        try (Stream<Path> files = Files.list(man1)) {
            return files.sorted().toList();
        }
    }

    private static void clear(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
    }
}
