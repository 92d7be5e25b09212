package dev.airisk.core.policy;

import dev.airisk.core.model.FileDigest;
import dev.airisk.core.model.Manifest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Python dependency files of an artifact (pip requirements and constraints, Pipfile, conda
 * environment files and lock files) and the dependencies they leave unpinned.
 *
 * <p>A pip requirement is pinned by {@code ==} or {@code ===} to a version without wildcards, by a
 * direct reference to a VCS commit ({@code git+https://...@<40 hex>}) or to a URL with a
 * {@code #sha256=} fragment or a {@code --hash} option, or by a constraints file it is installed
 * with ({@code -c}) that pins the same name. {@code -r} and {@code -c} are followed when the file is
 * in the artifact; one that is not cannot be checked and counts as unpinned. A conda dependency is
 * pinned by {@code =} or {@code ==} to a version without wildcards. Lock files pin by nature; a
 * Pipfile is pinned by a Pipfile.lock beside it, else each of its packages must be {@code ==}.
 */
final class DependencyFiles {
    /** Larger files are not read: no real dependency file comes near this. */
    static final long MAX_SIZE = 4L << 20;
    private static final int MAX_SHOWN_TEXT = 80;

    private static final Set<String> LOCK_FILES = Set.of("Pipfile.lock", "poetry.lock", "uv.lock");
    private static final Set<String> CONDA_FILES = Set.of("environment.yml", "environment.yaml");
    private static final Set<String> PIPFILE_TABLES_WITHOUT_PACKAGES = Set.of("source", "requires", "scripts", "pipenv");

    private static final Pattern PIP_COMMENT = Pattern.compile("(^|\\s+)#.*$");
    private static final Pattern PER_REQUIREMENT_OPTIONS = Pattern.compile("\\s+--[A-Za-z].*$");
    private static final Pattern HASH_OPTION = Pattern.compile("\\s--hash[=\\s]\\s*\\S");
    private static final Pattern DIRECT_REFERENCE = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(?:\\[[^\\]]*\\])?\\s*@\\s*(\\S+).*$");
    private static final Pattern NAME_AND_SPEC = Pattern.compile("^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(?:\\[[^\\]]*\\])?\\s*(.*)$");
    private static final Pattern CLAUSE = Pattern.compile("^(===|==|~=|!=|<=|>=|<|>)\\s*(\\S+)$");
    private static final Pattern EXACT_VERSION = Pattern.compile("^v?[0-9][0-9A-Za-z.+!_-]*$");
    private static final Pattern VCS_COMMIT = Pattern.compile("^(?:git|hg)\\+.*@[0-9a-fA-F]{40}(?:[#?].*)?$");
    private static final Pattern URL_DIGEST = Pattern.compile("#(?:.*&)?sha(?:256|384|512)=[0-9a-fA-F]{64,128}(?:&.*)?$");
    private static final Pattern EGG = Pattern.compile("#(?:.*&)?egg=([A-Za-z0-9._-]+)");
    private static final Pattern YAML_COMMENT = Pattern.compile("(^|\\s)#.*$");
    private static final Pattern CONDA_DEPENDENCIES = Pattern.compile("^dependencies\\s*:(.*)$");
    private static final Pattern CONDA_PIP = Pattern.compile("^pip\\s*:(.*)$");
    private static final Pattern CONDA_SPEC = Pattern.compile(
            "^(?:[^\\s:]+::)?[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\\s*==?\\s*([^\\s=]+)(?:=\\S+)?|\\s+([^\\s=]+)(?:\\s+\\S+)?)$");
    private static final Pattern CONDA_VERSION = Pattern.compile("^[0-9][0-9A-Za-z._+!-]*$");
    private static final Pattern TOML_PAIR = Pattern.compile("([A-Za-z0-9_-]+)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|(true|false))");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{40}");

    /** A dependency that is not pinned: the file, its line, the text and why, if not obvious; line 0 and a note for a whole file. */
    record Unpinned(String file, int line, String text, String note) {
        String show() {
            if (line == 0) {
                return file + " (" + note + ")";
            }
            String t = GateText.oneLine(text);
            if (t.length() > MAX_SHOWN_TEXT) {
                t = t.substring(0, MAX_SHOWN_TEXT - 3) + "...";
            }
            return file + (line > 0 ? ":" + line : "") + " '" + t + "'" + (note == null ? "" : " (" + note + ")");
        }
    }

    /** The dependency files found by name, in manifest order, and the dependencies they leave unpinned. */
    record Findings(List<String> files, List<Unpinned> unpinned) {
    }

    private final Map<String, FileDigest> manifest = new LinkedHashMap<>();
    private final Function<String, Optional<byte[]>> read;
    private final Map<String, Parsed> parsed = new LinkedHashMap<>();

    private DependencyFiles(Manifest manifest, Function<String, Optional<byte[]>> read) {
        manifest.files().forEach(f -> this.manifest.put(f.path(), f));
        this.read = read;
    }

    static Findings check(Manifest manifest, Function<String, Optional<byte[]>> read) {
        return new DependencyFiles(manifest, read).check();
    }

    private Findings check() {
        List<String> found = new ArrayList<>();
        List<Unpinned> unpinned = new ArrayList<>();
        for (String path : manifest.keySet()) {
            String base = baseName(path);
            String lower = base.toLowerCase(Locale.ROOT);
            if ((lower.startsWith("requirements") || lower.startsWith("constraints")) && lower.endsWith(".txt")) {
                found.add(path);
                requirements(path);
            } else if (LOCK_FILES.contains(base)) {
                found.add(path);
            } else if (CONDA_FILES.contains(base)) {
                found.add(path);
                conda(path);
            } else if (base.equals("Pipfile")) {
                found.add(path);
                if (!manifest.containsKey(sibling(path, "Pipfile.lock"))) {
                    pipfile(path, unpinned);
                }
            }
        }
        Map<String, Set<String>> parents = new HashMap<>();
        parsed.values().forEach(p -> p.requires.forEach(r -> parents.computeIfAbsent(r, k -> new HashSet<>()).add(p.path)));
        List<Unpinned> fromParsed = new ArrayList<>();
        for (String path : manifest.keySet()) {
            Parsed p = parsed.get(path);
            if (p == null) {
                continue;
            }
            Set<String> constrained = null;
            for (Entry e : p.entries) {
                if (e.pinned) {
                    continue;
                }
                if (e.name != null) {
                    if (constrained == null) {
                        constrained = constrainedNames(path, parents);
                    }
                    if (constrained.contains(e.name)) {
                        continue;
                    }
                }
                fromParsed.add(new Unpinned(path, e.line, e.text, e.note));
            }
        }
        List<Unpinned> all = new ArrayList<>(fromParsed);
        all.addAll(unpinned);
        Map<String, Integer> order = new HashMap<>();
        manifest.keySet().forEach(path -> order.put(path, order.size()));
        all.sort(Comparator.comparing((Unpinned u) -> order.get(u.file())).thenComparing(Unpinned::line));
        return new Findings(found, all);
    }

    /** One dependency line: its line number, the text shown, the normalized name (null when none), whether pinned. */
    private record Entry(int line, String text, String name, boolean pinned, String note) {
    }

    /** A parsed pip-style file: its entries and the files it includes with -r and -c. */
    private static final class Parsed {
        final String path;
        final List<Entry> entries = new ArrayList<>();
        final List<String> requires = new ArrayList<>();
        final List<String> constrains = new ArrayList<>();

        Parsed(String path) {
            this.path = path;
        }
    }

    /** The parse of a file not seen before, registered; null when it was seen already. */
    private Parsed open(String path) {
        if (parsed.containsKey(path)) {
            return null;
        }
        Parsed p = new Parsed(path);
        parsed.put(path, p);
        return p;
    }

    /** The file's lines, or null when it could not be read (noted on {@code p}). */
    private String[] lines(String path, Parsed p) {
        String text = text(path, p);
        return text == null ? null : text.split("\r\n|\r|\n", -1);
    }

    // ---- pip requirements and constraints -------------------------------------------------------

    private void requirements(String path) {
        Parsed p = open(path);
        String[] lines = p == null ? null : lines(path, p);
        if (lines == null) {
            return;
        }
        for (int i = 0; i < lines.length; i++) {
            int start = i + 1;
            StringBuilder logical = new StringBuilder();
            String line = lines[i];
            while (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1);
                if (i + 1 >= lines.length) {
                    line = "";
                    break;
                }
                line = lines[++i];
            }
            logical.append(line);
            String s = PIP_COMMENT.matcher(logical).replaceAll("").trim();
            if (!s.isEmpty()) {
                pipLine(p, start, s);
            }
        }
    }

    /** One logical line of a pip file (or of a conda file's pip list), without comments, not blank. */
    private void pipLine(Parsed p, int line, String s) {
        String include = optionArgument(s, "-r", "--requirement");
        String constraint = include == null ? optionArgument(s, "-c", "--constraint") : null;
        if (include != null || constraint != null) {
            String target = resolve(p.path, include != null ? include : constraint);
            if (target == null || !manifest.containsKey(target)) {
                p.entries.add(new Entry(line, s, null, false, "not in the artifact"));
            } else {
                (include != null ? p.requires : p.constrains).add(target);
                requirements(target);
            }
            return;
        }
        if (optionArgument(s, "-e", "--editable") != null) {
            p.entries.add(new Entry(line, s, null, false, "editable"));
            return;
        }
        if (s.startsWith("-")) {
            return;
        }
        boolean hashed = HASH_OPTION.matcher(s).find();
        String req = PER_REQUIREMENT_OPTIONS.matcher(s).replaceFirst("").trim();
        Matcher direct = DIRECT_REFERENCE.matcher(req);
        if (direct.matches()) {
            p.entries.add(new Entry(line, req, normalize(direct.group(1)), urlPinned(direct.group(2), hashed), null));
            return;
        }
        String first = req.split("\\s", 2)[0];
        if (first.contains("/") || first.contains("://") || first.endsWith(".whl") || first.endsWith(".zip") || first.endsWith(".tar.gz")) {
            Matcher egg = EGG.matcher(first);
            p.entries.add(new Entry(line, req, egg.find() ? normalize(egg.group(1)) : null, urlPinned(first, hashed), null));
            return;
        }
        int semicolon = req.indexOf(';');
        String spec = semicolon < 0 ? req : req.substring(0, semicolon).trim();
        Matcher m = NAME_AND_SPEC.matcher(spec);
        if (!m.matches()) {
            p.entries.add(new Entry(line, req, null, false, "not understood"));
            return;
        }
        p.entries.add(new Entry(line, req, normalize(m.group(1)), exactSpec(m.group(2)), null));
    }

    /** True when a version specifier set pins one exact version: some clause {@code ==V} or {@code ===V}, V without wildcards. */
    static boolean exactSpec(String spec) {
        String s = spec.trim();
        if (s.startsWith("(") && s.endsWith(")")) {
            s = s.substring(1, s.length() - 1);
        }
        for (String clause : s.split(",")) {
            Matcher c = CLAUSE.matcher(clause.trim());
            if (!c.matches() || c.group(2).contains("*")) {
                continue;
            }
            if (c.group(1).equals("===") || (c.group(1).equals("==") && EXACT_VERSION.matcher(c.group(2)).matches())) {
                return true;
            }
        }
        return false;
    }

    /** A direct reference pins when it names a VCS commit, carries a digest fragment, or its bytes are hash-checked. */
    static boolean urlPinned(String url, boolean hashed) {
        if (url.matches("^(?:git|hg|svn|bzr)\\+.*")) {
            return VCS_COMMIT.matcher(url).matches();
        }
        return URL_DIGEST.matcher(url).find() || hashed;
    }

    /** The argument of an option written {@code -r FILE}, {@code -rFILE}, {@code --requirement FILE} or {@code --requirement=FILE}. */
    private static String optionArgument(String s, String shortName, String longName) {
        String rest;
        if (s.startsWith(longName)) {
            rest = s.substring(longName.length());
            if (!rest.isEmpty() && rest.charAt(0) != '=' && !Character.isWhitespace(rest.charAt(0))) {
                return null;
            }
        } else if (s.startsWith(shortName)) {
            rest = s.substring(shortName.length());
        } else {
            return null;
        }
        rest = rest.trim();
        if (rest.startsWith("=")) {
            rest = rest.substring(1).trim();
        }
        return rest.isEmpty() ? null : rest;
    }

    /** Names pinned by the constraints files installed together with {@code path}: its own -c files and those of every file including it. */
    private Set<String> constrainedNames(String path, Map<String, Set<String>> parents) {
        Set<String> names = new HashSet<>();
        Set<String> ancestors = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(path));
        while (!todo.isEmpty()) {
            String f = todo.remove(todo.size() - 1);
            if (ancestors.add(f)) {
                todo.addAll(parents.getOrDefault(f, Set.of()));
            }
        }
        Set<String> seen = new HashSet<>();
        for (String a : ancestors) {
            for (String c : parsed.get(a).constrains) {
                pinnedNames(c, names, seen);
            }
        }
        return names;
    }

    private void pinnedNames(String path, Set<String> names, Set<String> seen) {
        if (!seen.add(path)) {
            return;
        }
        Parsed p = parsed.get(path);
        p.entries.stream().filter(e -> e.pinned && e.name != null).forEach(e -> names.add(e.name));
        p.requires.forEach(r -> pinnedNames(r, names, seen));
        p.constrains.forEach(r -> pinnedNames(r, names, seen));
    }

    // ---- conda environment files ------------------------------------------------------------------

    private void conda(String path) {
        Parsed p = open(path);
        String[] lines = p == null ? null : lines(path, p);
        if (lines == null) {
            return;
        }
        int at = -1;
        String inline = "";
        for (int i = 0; i < lines.length && at < 0; i++) {
            Matcher m = CONDA_DEPENDENCIES.matcher(YAML_COMMENT.matcher(lines[i]).replaceAll(""));
            if (m.matches()) {
                at = i;
                inline = m.group(1).trim();
            }
        }
        if (at < 0) {
            return;
        }
        if (!inline.isEmpty()) {
            for (String item : flowItems(inline)) {
                condaSpec(p, at + 1, item);
            }
            return;
        }
        int itemIndent = -1;
        int pipIndent = -1;
        for (int i = at + 1; i < lines.length; i++) {
            String content = YAML_COMMENT.matcher(lines[i]).replaceAll("");
            if (content.isBlank()) {
                continue;
            }
            int indent = content.length() - content.stripLeading().length();
            String t = content.trim();
            if (indent == 0 && !t.startsWith("-")) {
                break;
            }
            if (!t.startsWith("-")) {
                continue;
            }
            String value = unquote(t.substring(1).trim());
            if (itemIndent < 0) {
                itemIndent = indent;
            }
            if (indent < itemIndent) {
                break;
            }
            if (indent == itemIndent) {
                pipIndent = -1;
                Matcher pip = CONDA_PIP.matcher(value);
                if (pip.matches()) {
                    pipIndent = indent;
                    for (String item : flowItems(pip.group(1).trim())) {
                        pipLine(p, i + 1, item);
                    }
                } else {
                    condaSpec(p, i + 1, value);
                }
            } else if (pipIndent >= 0 && !value.isEmpty()) {
                pipLine(p, i + 1, value);
            }
        }
    }

    private static void condaSpec(Parsed p, int line, String value) {
        Matcher m = CONDA_SPEC.matcher(value);
        String version = !m.matches() ? null : m.group(1) != null ? m.group(1) : m.group(2);
        boolean pinned = version != null && CONDA_VERSION.matcher(version).matches();
        p.entries.add(new Entry(line, value, null, pinned, null));
    }

    /** The items of a YAML flow list {@code [a, b]}; nothing for anything else. */
    private static List<String> flowItems(String inline) {
        if (!inline.startsWith("[") || !inline.endsWith("]")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String item : inline.substring(1, inline.length() - 1).split(",")) {
            String v = unquote(item.trim());
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

    // ---- Pipfile ----------------------------------------------------------------------------------

    private void pipfile(String path, List<Unpinned> out) {
        Parsed p = new Parsed(path);
        String text = text(path, p);
        if (text == null) {
            p.entries.forEach(e -> out.add(new Unpinned(path, e.line, e.text, e.note)));
            return;
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        String table = null;
        for (int i = 0; i < lines.length; i++) {
            String t = stripTomlComment(lines[i]).trim();
            if (t.startsWith("[")) {
                table = t.replace("[", "").replace("]", "").trim();
                continue;
            }
            int eq = t.indexOf('=');
            if (table == null || PIPFILE_TABLES_WITHOUT_PACKAGES.contains(table) || eq <= 0) {
                continue;
            }
            String value = t.substring(eq + 1).trim();
            boolean pinned;
            if (value.startsWith("\"") || value.startsWith("'")) {
                pinned = exactSpec(unquote(value));
            } else if (value.startsWith("{")) {
                Map<String, String> fields = new HashMap<>();
                Matcher m = TOML_PAIR.matcher(value);
                while (m.find()) {
                    fields.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4));
                }
                if (fields.containsKey("version")) {
                    pinned = exactSpec(fields.get("version"));
                } else if (fields.containsKey("git")) {
                    pinned = fields.get("ref") != null && COMMIT.matcher(fields.get("ref")).matches();
                } else if (fields.containsKey("file")) {
                    pinned = urlPinned(fields.get("file"), false);
                } else {
                    pinned = false;
                }
            } else {
                pinned = false;
            }
            if (!pinned) {
                out.add(new Unpinned(path, i + 1, t, null));
            }
        }
    }

    private static String stripTomlComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    // ---- shared -----------------------------------------------------------------------------------

    /** The file's text, or null after recording why it could not be checked. */
    private String text(String path, Parsed p) {
        if (manifest.get(path).size() > MAX_SIZE) {
            p.entries.add(new Entry(0, "", null, false, "larger than " + (MAX_SIZE >> 20) + " MiB, not checked"));
            return null;
        }
        Optional<byte[]> bytes = read.apply(path);
        if (bytes.isEmpty()) {
            p.entries.add(new Entry(0, "", null, false, "could not be read from the store"));
            return null;
        }
        String text = new String(bytes.get(), StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** {@code ref} relative to the folder of {@code from}, normalized; null when it is a URL or leaves the artifact. */
    static String resolve(String from, String ref) {
        if (ref.contains("://") || ref.startsWith("/")) {
            return null;
        }
        int slash = from.lastIndexOf('/');
        String joined = slash < 0 ? ref : from.substring(0, slash + 1) + ref;
        List<String> out = new ArrayList<>();
        for (String seg : joined.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (out.isEmpty()) {
                    return null;
                }
                out.remove(out.size() - 1);
            } else {
                out.add(seg);
            }
        }
        return out.isEmpty() ? null : String.join("/", out);
    }

    private static String sibling(String path, String name) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? name : path.substring(0, slash + 1) + name;
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** PEP 503 names: lower case, runs of '-', '_' and '.' as one '-'. */
    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }
}
