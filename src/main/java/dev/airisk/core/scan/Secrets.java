package dev.airisk.core.scan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for credentials in text, line by line (lines longer than 64 KiB are scanned in 64 KiB pieces).
 * Messages show only a redacted form of what was found: its first 4 characters and its length.
 */
final class Secrets {
    static final int MAX_LINE = 64 * 1024;

    private record Kind(String rule, Severity severity, String label, Pattern pattern, int group) {
    }

    private static final List<Kind> TOKENS = List.of(
            new Kind("secret/aws-access-key", Severity.CRITICAL, "AWS access key",
                    Pattern.compile("(?<![0-9A-Z])((?:AKIA|ASIA)[0-9A-Z]{16})(?![0-9A-Z])"), 1),
            new Kind("secret/aws-secret-key", Severity.CRITICAL, "AWS secret access key",
                    Pattern.compile("(?i)aws_secret_access_key[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"), 1),
            new Kind("secret/github-token", Severity.CRITICAL, "GitHub token",
                    Pattern.compile("(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})"), 1),
            new Kind("secret/gitlab-token", Severity.CRITICAL, "GitLab token",
                    Pattern.compile("(?<![A-Za-z0-9_-])(glpat-[A-Za-z0-9_-]{20,})"), 1),
            new Kind("secret/slack-webhook", Severity.HIGH, "Slack webhook URL",
                    Pattern.compile("(https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]+)"), 1),
            new Kind("secret/slack-token", Severity.HIGH, "Slack token",
                    Pattern.compile("(?<![A-Za-z0-9])(xox[baprs]-[A-Za-z0-9-]{10,})"), 1));

    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY( BLOCK)?-----");

    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)(?:^|[^A-Za-z0-9_.-])[\"']?((?:[A-Za-z0-9]+[_.-])*(?:password|passwd|pwd|secret|secret[_-]?key|api[_-]?key"
                    + "|apikey|access[_-]?token|auth[_-]?token|api[_-]?token|private[_-]?token|bearer[_-]?token|hf[_-]?token)"
                    + "|token)[\"']?\\s*[:=]\\s*(.*)$");

    private static final Pattern CODE_REFERENCE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*(\\(.*|\\[.*)?");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$[A-Za-z_][A-Za-z0-9_]*|\\$\\{.*}|\\{\\{.*}}|%\\(.*\\)s|<.*>");

    private Secrets() {
    }

    /** Scans a text stream; findings go to {@code out}. */
    static void scan(String path, InputStream in, byte[] buffer, List<Finding> out) throws IOException {
        boolean code = Streams.ext(path).equals(".py");
        byte[] line = new byte[MAX_LINE];
        int lineLength = 0;
        long lineStart = 0;
        long pos = 0;
        int lineNo = 1;
        for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
            for (int k = 0; k < n; k++) {
                byte b = buffer[k];
                pos++;
                if (b == '\n') {
                    scanLine(path, line, lineLength, lineNo, lineStart, code, out);
                    lineNo++;
                    lineLength = 0;
                    lineStart = pos;
                } else {
                    if (lineLength == MAX_LINE) {
                        scanLine(path, line, lineLength, lineNo, lineStart, code, out);
                        lineLength = 0;
                        lineStart = pos - 1;
                    }
                    line[lineLength++] = b;
                }
            }
        }
        if (lineLength > 0) {
            scanLine(path, line, lineLength, lineNo, lineStart, code, out);
        }
    }

    /** Scans bytes already in memory. */
    static void scan(String path, byte[] text, List<Finding> out) {
        try {
            scan(path, new ByteArrayInputStream(text), new byte[64 * 1024], out);
        } catch (IOException e) {
            throw new IllegalStateException("reading bytes in memory cannot fail", e);
        }
    }

    private static void scanLine(String path, byte[] bytes, int length, int lineNo, long offset, boolean code,
                                 List<Finding> out) {
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        String line = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        boolean found = false;
        for (Kind kind : TOKENS) {
            Matcher m = kind.pattern().matcher(line);
            while (m.find()) {
                String secret = m.group(kind.group());
                out.add(new Finding(path, kind.rule(), kind.severity(),
                        kind.label() + " " + redact(secret) + " on line " + lineNo + "; revoke it and remove it from the files",
                        offset));
                found = true;
            }
        }
        Matcher pem = PRIVATE_KEY.matcher(line);
        if (pem.find()) {
            out.add(new Finding(path, "secret/private-key", Severity.CRITICAL,
                    "private key block (" + pem.group(1) + "PRIVATE KEY) on line " + lineNo
                            + "; revoke the key and remove it from the files", offset));
            found = true;
        }
        if (found) {
            return;
        }
        Matcher a = ASSIGNMENT.matcher(line);
        if (a.find()) {
            String key = a.group(1);
            String value = literal(a.group(2), code);
            if (value != null) {
                out.add(new Finding(path, "secret/assignment", Severity.HIGH,
                        "'" + key + "' is set to a literal value " + redact(value) + " on line " + lineNo
                                + "; read it from the environment or a secret store instead", offset));
            }
        }
    }

    /** The literal value assigned, or null when there is none or it is an obvious placeholder or reference. */
    static String literal(String rest, boolean code) {
        String v = rest.trim();
        if (v.startsWith("=")) {
            return null;
        }
        if (!v.isEmpty() && (v.charAt(0) == '"' || v.charAt(0) == '\'' || v.charAt(0) == '`')) {
            char q = v.charAt(0);
            int close = v.indexOf(q, 1);
            v = close < 0 ? v.substring(1) : v.substring(1, close);
        } else {
            int hash = v.indexOf(" #");
            if (hash >= 0) {
                v = v.substring(0, hash);
            }
            v = v.trim();
            while (!v.isEmpty() && (v.endsWith(",") || v.endsWith(";"))) {
                v = v.substring(0, v.length() - 1).trim();
            }
            if (v.startsWith("{") || v.startsWith("[") || v.startsWith("!") || v.startsWith("|") || v.startsWith(">")
                    || v.startsWith("&") || v.startsWith("*")) {
                return null;
            }
            if (code && CODE_REFERENCE.matcher(v).matches()) {
                return null;
            }
        }
        v = v.trim();
        if (v.isEmpty() || ENV_REFERENCE.matcher(v).matches()) {
            return null;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("null") || lower.equals("none") || lower.equals("nil") || lower.equals("~")
                || lower.equals("true") || lower.equals("false") || lower.matches("x{3,}") || placeholderStars(v)
                || lower.contains("os.environ") || lower.contains("getenv") || lower.startsWith("env(")
                || lower.equals("redacted") || lower.equals("[redacted]")) {
            return null;
        }
        if (lower.startsWith("your_") || lower.startsWith("your-")) {
            return null;
        }
        return v;
    }

    private static boolean placeholderStars(String v) {
        return v.matches("\\*{3,}|\\.{3,}|-+");
    }

    /** The first 4 characters (when at least 8 long) and the length; never the whole secret. */
    static String redact(String secret) {
        String prefix = secret.length() >= 8 ? secret.substring(0, 4) : "";
        return prefix + "\u2026 (" + secret.length() + " chars)";
    }
}
